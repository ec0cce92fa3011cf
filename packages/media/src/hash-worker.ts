import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { hashFile } from './hash-file.ts';
import type { HashDone, HashJob } from './hash-protocol.ts';

// The pool runs one worker per core: libvips threads of its own would only compete with the other workers.
sharp.concurrency(1);
// Each file is decoded once: libvips' operation cache would only cost time and memory.
sharp.cache(false);

parentPort!.on('message', (job: HashJob) => {
  // hashFile reports every failure in its result, so each job is answered.
  void hashFile(job.file, job.options).then((hashes) =>
    parentPort!.postMessage({ id: job.id, hashes } satisfies HashDone),
  );
});

import type { FileHashes, HashOptions } from './hash-file.ts';

/** What the pool sends a worker thread: one file to hash. */
export interface HashJob {
  id: number;
  file: string;
  options: HashOptions;
}

/** What the worker answers: the file's hashes (errors included), under the job's id. */
export interface HashDone {
  id: number;
  hashes: FileHashes;
}

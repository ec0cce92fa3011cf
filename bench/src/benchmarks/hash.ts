import { pdqFromPixels } from '@sinag/core';
import { decodeForPdq, HashPool } from '@sinag/media';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { photoCorpus } from '../photo-corpus.ts';
import { round } from '../stats.ts';
import type { Benchmark, BenchResult } from './types.ts';

interface PhotoSize {
  name: string;
  label: string;
  width: number;
  height: number;
  /** Files timed in a full run; --quick times a fifth. */
  count: number;
}

/**
 * `sinag hash` end to end on JPEG files: HashPool (a worker thread per core) reading each file once,
 * MD5/SHA-1/SHA-256, decoding with libvips (shrink-on-load) and PDQ. Files per second.
 */
function hashPhotos({ name, label, width, height, count }: PhotoSize): Benchmark {
  return {
    name,
    description: `\`sinag hash\`'s path (HashPool on every core: exact hashes, decoding, PDQ) on ${label} JPEGs (${width}×${height}, quality 90) made from the fixture photos`,
    withoutDatabase: true,
    async run(database, options, log): Promise<BenchResult> {
      const timed = options.quick ? Math.ceil(count / 5) : count;
      const threads = os.availableParallelism();
      // Ten files per worker: enough for V8 to optimise the PDQ loops in each thread, as in a long run.
      const warmup = threads * 10;
      log(`writing ${warmup + timed} JPEGs of ${width}×${height}`);
      const corpus = await photoCorpus(warmup + timed, width, height);
      const pool = new HashPool({ threads });
      try {
        const hashAll = async (files: string[]) => {
          const checks = { filesHashed: 0, pdqHashes: 0, errors: 0 };
          for await (const [file, hashes] of pool.hashAll(files)) {
            if (hashes.error) throw new Error(`${file}: ${hashes.error}`);
            checks.filesHashed++;
            if (hashes.pdq && hashes.quality! >= 50) checks.pdqHashes++;
          }
          return checks;
        };
        log(`warm-up: ${warmup} files (worker start-up and JIT warm-up excluded)`);
        await hashAll(corpus.files.slice(0, warmup));
        log(`timed: ${timed} files on ${threads} worker threads`);
        const started = performance.now();
        // CPU time of every thread in the process (workers and libvips included): unlike files per
        // second, it hardly depends on what else the machine is running.
        const cpuBefore = process.cpuUsage();
        const checks = await hashAll(corpus.files.slice(warmup));
        const cpu = process.cpuUsage(cpuBefore);
        const seconds = (performance.now() - started) / 1000;
        const cpuMsPerFile = (cpu.user + cpu.system) / 1000 / timed;
        log(`${round(cpuMsPerFile, 2)} ms of CPU per file`);
        if (checks.pdqHashes !== timed)
          throw new Error(`${timed - checks.pdqHashes} photos without a usable PDQ hash`);
        return {
          name,
          database,
          storage: 'temp folder of JPEGs (in the page cache)',
          databaseVersion: '–',
          unit: 'file',
          operations: timed,
          seconds: round(seconds, 3),
          opsPerSecond: round(timed / seconds, 1),
          latency: null,
          warmup,
          params: {
            width,
            height,
            jpegQuality: 90,
            threads,
            avgFileBytes: Math.round(corpus.bytes / corpus.files.length),
            cpuMsPerFile: round(cpuMsPerFile, 2),
          },
          checks,
        };
      } finally {
        await pool.close();
        await corpus.close();
      }
    },
  };
}

export const hashJpegVga = hashPhotos({
  name: 'hash.jpeg-vga',
  label: 'VGA',
  width: 640,
  height: 480,
  count: 200,
});
export const hashJpegFullHd = hashPhotos({
  name: 'hash.jpeg-fullhd',
  label: 'full-HD',
  width: 1920,
  height: 1080,
  count: 100,
});
export const hashJpeg12mp = hashPhotos({
  name: 'hash.jpeg-12mp',
  label: '12-megapixel',
  width: 4000,
  height: 3000,
  count: 30,
});

const BRIDGE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/fixtures/pdq/images/ppm/sq512.ppm',
);

/** PDQ alone, in this thread, on 512×512 RGB pixels (the working size of every large photo). */
export const pdqCore: Benchmark = {
  name: 'hash.pdq-512',
  description:
    'pdqFromPixels() alone, one thread, on 512×512 RGB pixels (Jarosz filter, quality, DCT, median bits)',
  withoutDatabase: true,
  async run(database, options, log) {
    const { pixels, width, height, channels } = await decodeForPdq(readFileSync(BRIDGE));
    const count = options.quick ? 100 : 1000;
    const warmup = 50;
    for (let i = 0; i < warmup; i++) pdqFromPixels(pixels, width, height, channels);
    log(`timed: ${count} hashes`);
    const samples: number[] = [];
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      pdqFromPixels(pixels, width, height, channels);
      samples.push(performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    samples.sort((a, b) => a - b);
    return {
      name: pdqCore.name,
      database,
      storage: 'memory',
      databaseVersion: '–',
      unit: 'hash',
      operations: count,
      seconds: round(seconds, 3),
      opsPerSecond: round(count / seconds, 1),
      latency: null,
      warmup,
      params: {
        width,
        height,
        channels,
        p50Ms: round(samples[Math.floor(count / 2)]!, 3),
        cpuMsPerHash: round((cpu.user + cpu.system) / 1000 / count, 3),
      },
      checks: { filesHashed: count, pdqHashes: count, errors: 0 },
    };
  },
};

import { DIGEST_BYTES, ExactIndex } from '@sinag/core';
import { performance } from 'node:perf_hooks';
import { RandomHashes } from '../random-hashes.ts';
import { round } from '../stats.ts';
import { memoryFigures } from './memory.ts';
import type { Benchmark } from './types.ts';

const BATCH = 100_000;
const LOOKUPS = 1_000_000;
const MD5_WORDS = DIGEST_BYTES.md5 / 4;

/**
 * ExactIndex with `count` random MD5 digests (10 million; 100,000 with --quick): inserts per second, then
 * LOOKUPS lookups, half of stored digests and half of absent ones, per second. Digests are made outside
 * the timed parts.
 */
export const matchExactIndex: Benchmark = {
  name: 'match.exact-index',
  description: 'ExactIndex: 10M random MD5 digests; inserts/s, lookups/s (half hits, half misses), memory',
  withoutDatabase: true,
  async run(database, options, log) {
    const count = options.quick ? 100_000 : 10_000_000;
    const rssBefore = process.memoryUsage().rss;
    const random = new RandomHashes(options.seed);
    const index = new ExactIndex(DIGEST_BYTES.md5);
    // Every keepEvery-th digest is kept, to be looked up again.
    const present: { hex: string; id: number }[] = [];
    const keepEvery = Math.max(1, Math.floor(count / (LOOKUPS / 2)));

    log(`timed: ${count} add() calls`);
    let addMs = 0;
    for (let start = 0; start < count; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, count - start) }, () => random.hex(MD5_WORDS));
      const started = performance.now();
      for (let i = 0; i < batch.length; i++) index.add(start + i, batch[i]!);
      addMs += performance.now() - started;
      for (let i = 0; i < batch.length; i += keepEvery) present.push({ hex: batch[i]!, id: start + i });
    }

    const queries = [...present];
    while (queries.length < LOOKUPS) queries.push({ hex: random.hex(MD5_WORDS), id: -1 });
    log(`timed: ${queries.length} lookups (${present.length} stored digests, the rest absent)`);
    let hits = 0;
    let wrong = 0;
    const started = performance.now();
    for (const { hex, id } of queries) {
      const ids = index.lookup(hex);
      if (id < 0 ? ids.length : ids.length !== 1 || ids[0] !== id) wrong++;
      else if (id >= 0) hits++;
    }
    const lookupSeconds = (performance.now() - started) / 1000;
    if (wrong) throw new Error(`${wrong} of ${queries.length} lookups returned the wrong ids`);
    if (index.size !== count) throw new Error(`size ${index.size}, expected ${count}`);
    const memory = memoryFigures(rssBefore);
    log(`${Math.round(count / (addMs / 1000))} adds/s, ${memory.rssMB} MB resident`);

    return {
      name: matchExactIndex.name,
      database,
      storage: 'memory',
      databaseVersion: '–',
      unit: 'lookup',
      operations: queries.length,
      seconds: round(lookupSeconds, 3),
      opsPerSecond: round(queries.length / lookupSeconds, 1),
      latency: null,
      warmup: 0,
      params: {
        digests: count,
        digestBytes: DIGEST_BYTES.md5,
        seed: options.seed,
        addSeconds: round(addMs / 1000, 2),
        addsPerSecond: round(count / (addMs / 1000), 0),
        ...memory,
      },
      checks: { lookups: queries.length, storedFound: hits, wrong },
    };
  },
};

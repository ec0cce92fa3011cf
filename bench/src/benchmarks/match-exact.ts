import { DIGEST_BYTES, ExactIndex } from '@sinag/core';
import { performance } from 'node:perf_hooks';
import { RandomHashes } from '../random-hashes.ts';
import { round } from '../stats.ts';
import type { Measurement } from './define.ts';
import { isolatedIndexRun, memoryFigures } from './memory.ts';
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
  run: isolatedIndexRun('match.exact-index', import.meta.url, measureExactIndex),
};

/** The measurement, in a process of its own (see runIsolated): its memory figures are the index's. */
export async function measureExactIndex({
  count,
  seed,
}: {
  count: number;
  seed: number;
}): Promise<Measurement> {
  const log = (line: string) => console.log(`  ${line}`);
  const rssBefore = process.memoryUsage().rss;
  const random = new RandomHashes(seed);
  const index = new ExactIndex(DIGEST_BYTES.md5);
  // Every keepEvery-th digest is kept, to be looked up again: half the lookups.
  const keepEvery = Math.max(1, Math.floor(count / (LOOKUPS / 2)));
  const present: string[] = [];

  log(`timed: ${count} add() calls`);
  let addMs = 0;
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, () => random.hex(MD5_WORDS));
    const started = performance.now();
    for (let i = 0; i < batch.length; i++) index.add(start + i, batch[i]!);
    addMs += performance.now() - started;
    for (let i = 0; i < batch.length; i += keepEvery) present.push(batch[i]!);
  }

  log(`timed: ${LOOKUPS} lookups, stored and absent digests in turn`);
  let hits = 0;
  let wrong = 0;
  let lookupMs = 0;
  for (let start = 0; start < LOOKUPS; start += BATCH) {
    // Even positions: the k-th kept digest, whose id is k × keepEvery; odd ones: a random, absent one.
    const expected = Array.from({ length: BATCH }, (_, i) => {
      const k = (start + i) / 2;
      return i % 2 === 0 && k < present.length ? k * keepEvery : -1;
    });
    const batch = expected.map((id) => (id < 0 ? random.hex(MD5_WORDS) : present[id / keepEvery]!));
    const started = performance.now();
    const found = batch.map((hex) => index.lookup(hex));
    lookupMs += performance.now() - started;
    found.forEach((ids, i) => {
      const id = expected[i]!;
      if (id < 0 ? ids.length : ids.length !== 1 || ids[0] !== id) wrong++;
      else if (id >= 0) hits++;
    });
  }
  const lookupSeconds = lookupMs / 1000;
  if (wrong) throw new Error(`${wrong} of ${LOOKUPS} lookups returned the wrong ids`);
  if (index.size !== count) throw new Error(`size ${index.size}, expected ${count}`);
  const memory = memoryFigures(rssBefore);
  log(`${Math.round(count / (addMs / 1000))} adds/s, ${memory.rssMB} MB resident`);

  return {
    unit: 'lookup',
    operations: LOOKUPS,
    seconds: round(lookupSeconds, 3),
    opsPerSecond: round(LOOKUPS / lookupSeconds, 1),
    latency: null,
    warmup: 0,
    params: {
      digests: count,
      digestBytes: DIGEST_BYTES.md5,
      seed: seed,
      addSeconds: round(addMs / 1000, 2),
      addsPerSecond: round(count / (addMs / 1000), 0),
      ...memory,
    },
    checks: { lookups: LOOKUPS, storedFound: hits, wrong },
  };
}

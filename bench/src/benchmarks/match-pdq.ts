import { PdqIndex, type PdqMatch } from '@sinag/core';
import { performance } from 'node:perf_hooks';
import { RandomHashes, toHex } from '../random-hashes.ts';
import { round, summarise } from '../stats.ts';
import { timedFigures } from './figures.ts';
import type { Measurement } from './define.ts';
import { isolatedIndexRun, memoryFigures } from './memory.ts';
import type { Benchmark } from './types.ts';

const PLANTED = 1000;
const THRESHOLD = 31;
/** Queries whose results are compared with a linear scan after timing. */
const CHECKED = 10;
const BATCH = 100_000;

/**
 * PdqIndex at scale: `count` random PDQ hashes (10 million; 100,000 with --quick) and PLANTED near-duplicates
 * of PLANTED query hashes, at distances 0 … 31 in turn, spread through the adds. The random hashes come
 * from their own seeded stream, so the check can regenerate them rather than keep them in memory.
 */
export const matchPdqIndex: Benchmark = {
  name: 'match.pdq-index',
  description:
    'PdqIndex: 10M random PDQ hashes + 1,000 planted near-duplicates; build time, single-hash and 8-variant search latency, recall, memory',
  withoutDatabase: true,
  run: isolatedIndexRun('match.pdq-index', import.meta.url, measurePdqIndex),
};

/** The measurement, in a process of its own (see runIsolated): its memory figures are the index's. */
export async function measurePdqIndex({
  count,
  seed,
}: {
  count: number;
  seed: number;
}): Promise<Measurement> {
  const log = (line: string) => console.log(`  ${line}`);
  const rssBefore = process.memoryUsage().rss;
  const random = new RandomHashes(seed);
  const queries = Array.from({ length: PLANTED }, () => random.words(new Uint32Array(8)));
  const planted = queries.map((query, j) => random.flipped(query, j % 32));
  const plantedAfter = (j: number) => Math.floor((j * count) / PLANTED);

  log(`build: ${count} random hashes and ${PLANTED} planted ones through add(), then the first search`);
  const index = new PdqIndex();
  const stream = new RandomHashes(seed + 1);
  let addMs = 0;
  for (let start = 0, j = 0; start < count; start += BATCH) {
    // Hashes are made outside the timed part; only add() is timed.
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, () => stream.hex(8));
    const started = performance.now();
    for (let i = 0; i < batch.length; i++) {
      index.add(start + i, batch[i]!);
      for (; j < PLANTED && plantedAfter(j) === start + i; j++) index.add(count + j, planted[j]!);
    }
    addMs += performance.now() - started;
  }
  const queryHex = queries.map(toHex);
  const buildStarted = performance.now();
  index.search(queryHex[0]!);
  const buildSeconds = (addMs + performance.now() - buildStarted) / 1000;
  log(`built in ${buildSeconds.toFixed(1)} s (add() ${(addMs / 1000).toFixed(1)} s)`);

  const warmup = 100;
  for (let i = 0; i < warmup; i++) index.search(random.hex(8));

  const singleMs: number[] = [];
  const checkedResults: PdqMatch[][] = [];
  let found = 0;
  const singleStarted = performance.now();
  for (let j = 0; j < PLANTED; j++) {
    const started = performance.now();
    const matches = index.search(queryHex[j]!, THRESHOLD);
    singleMs.push(performance.now() - started);
    if (matches.some((m) => m.id === count + j && m.distance === j % 32)) found++;
    if (j < CHECKED) checkedResults.push(matches);
  }
  const singleSeconds = (performance.now() - singleStarted) / 1000;

  // The 8 rotations and flips of an image: here the query among 7 random hashes, in turn at each position.
  const variantMs: number[] = [];
  let foundByVariants = 0;
  for (let j = 0; j < PLANTED; j++) {
    const variants = Array.from({ length: 8 }, (_, v) => (v === j % 8 ? queryHex[j]! : random.hex(8)));
    const started = performance.now();
    const matches = index.searchAny(variants, THRESHOLD);
    variantMs.push(performance.now() - started);
    const hit = matches.find((m) => m.id === count + j);
    if (hit && hit.distance === j % 32 && hit.variant === j % 8) foundByVariants++;
  }
  const memory = memoryFigures(rssBefore);
  log(
    `recall ${found}/${PLANTED} single, ${foundByVariants}/${PLANTED} 8-variant; ${memory.rssMB} MB resident`,
  );
  if (found !== PLANTED || foundByVariants !== PLANTED) {
    throw new Error(
      `planted hashes missed: ${PLANTED - found} single, ${PLANTED - foundByVariants} 8-variant`,
    );
  }

  log(`check: ${CHECKED} searches against a linear scan of the regenerated hashes`);
  const expected = linearScan(seed + 1, count, planted, queryHex.slice(0, CHECKED));
  const agreed = expected.filter((e, q) => JSON.stringify(e) === JSON.stringify(checkedResults[q])).length;
  if (agreed !== CHECKED)
    throw new Error(`${CHECKED - agreed} of ${CHECKED} searches differ from a linear scan`);

  const variantFigures = summarise(variantMs)!;
  return {
    unit: 'lookup',
    ...timedFigures(PLANTED, singleSeconds, 'search', singleMs),
    warmup,
    params: {
      hashes: count + PLANTED,
      planted: PLANTED,
      maxDistance: THRESHOLD,
      seed: seed,
      buildSeconds: round(buildSeconds, 2),
      addSeconds: round(addMs / 1000, 2),
      'variants8.p50Ms': variantFigures.p50Ms,
      'variants8.p99Ms': variantFigures.p99Ms,
      'variants8.maxMs': variantFigures.maxMs,
      ...memory,
    },
    checks: {
      plantedFound: found,
      plantedFoundByVariants: foundByVariants,
      planted: PLANTED,
      linearScanAgreed: agreed,
    },
  };
}

/**
 * What the searches must return, by linear scan: the regenerated hashes go through index instances that
 * never build tables (a delta limit above their size), a million at a time, so memory stays small.
 */
function linearScan(streamSeed: number, count: number, planted: string[], queries: string[]): PdqMatch[][] {
  const stream = new RandomHashes(streamSeed);
  const results: PdqMatch[][] = queries.map(() => []);
  const slice = 1_000_000;
  for (let start = 0; start < count; start += slice) {
    const scan = new PdqIndex({ deltaLimit: Infinity });
    for (let i = start; i < Math.min(count, start + slice); i++) scan.add(i, stream.hex(8));
    if (start === 0) planted.forEach((hex, j) => scan.add(count + j, hex));
    queries.forEach((query, q) => results[q]!.push(...scan.search(query, THRESHOLD)));
  }
  return results.map((r) => r.sort((a, b) => a.distance - b.distance || a.id - b.id));
}

import { performance } from 'node:perf_hooks';

export interface BatchTiming {
  seconds: number;
  batchMs: number[];
}

/**
 * The timed part of a batched benchmark: `items` in slices of `batchSize`, one call after another (as an
 * import runs them), each call timed. `runBatch` throws when a batch did not store what it was given.
 */
export async function timeBatches<T>(
  items: readonly T[],
  batchSize: number,
  describe: { unit: string; log: (line: string) => void },
  runBatch: (batch: T[], index: number) => Promise<void>,
): Promise<BatchTiming> {
  const batches = Math.ceil(items.length / batchSize);
  describe.log(`timed: ${items.length} ${describe.unit} in ${batches} batches of ${batchSize}`);
  const batchMs: number[] = [];
  const started = performance.now();
  for (let b = 0; b < batches; b++) {
    const batchStarted = performance.now();
    await runBatch(items.slice(b * batchSize, (b + 1) * batchSize), b);
    batchMs.push(performance.now() - batchStarted);
  }
  return { seconds: (performance.now() - started) / 1000, batchMs };
}

import { runIsolated } from '../isolated.ts';
import { round } from '../stats.ts';
import type { Measurement } from './define.ts';
import type { Benchmark } from './types.ts';

const MB = 2 ** 20;

/**
 * Memory of the bench process, in MB: resident now, the growth since `rssBefore`, and the peak over the
 * process's life (which includes any benchmark run earlier in it: run alone with --only for a clean figure).
 * Typed arrays live outside the JavaScript heap, so RSS, not heap size, is what counts for the indexes.
 */
export function memoryFigures(rssBefore: number) {
  const rss = process.memoryUsage().rss;
  return {
    rssMB: round(rss / MB, 0),
    rssGrowthMB: round((rss - rssBefore) / MB, 0),
    peakRssMB: round((process.resourceUsage().maxRSS * 1024) / MB, 0),
    heapUsedMB: round(process.memoryUsage().heapUsed / MB, 0),
  };
}

/**
 * The `run` of an in-memory index benchmark: `measure` (an export of `moduleUrl`) runs in a process of its
 * own with `count` hashes (10 million; 100,000 with --quick), so the memory figures are the index's.
 */
export function isolatedIndexRun(
  name: string,
  moduleUrl: string,
  measure: (input: { count: number; seed: number }) => Promise<Measurement>,
): Benchmark['run'] {
  return async (database, options) => {
    const input = { count: options.quick ? 100_000 : 10_000_000, seed: options.seed };
    const measured = await runIsolated<typeof input, Measurement>(moduleUrl, measure.name, input);
    return {
      name,
      database,
      storage: 'memory (a process of its own)',
      databaseVersion: '–',
      ...measured,
    };
  };
}

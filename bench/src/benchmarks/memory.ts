import { round } from '../stats.ts';

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

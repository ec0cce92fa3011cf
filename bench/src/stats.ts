/** The q-th percentile (0–100) of the samples by nearest rank; undefined when there are none. */
export function percentile(samples: readonly number[], q: number): number | undefined {
  if (!samples.length) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function summarise(samplesMs: readonly number[]): LatencySummary | undefined {
  if (!samplesMs.length) return undefined;
  return {
    p50Ms: round(percentile(samplesMs, 50)!, 2),
    p95Ms: round(percentile(samplesMs, 95)!, 2),
    p99Ms: round(percentile(samplesMs, 99)!, 2),
    maxMs: round(Math.max(...samplesMs), 2),
  };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

import { round, summarise } from '../stats.ts';
import type { BenchResult } from './types.ts';

/** A result's timing fields: throughput over the timed run, and percentiles of what each caller waited for. */
export function timedFigures(
  operations: number,
  seconds: number,
  of: NonNullable<BenchResult['latency']>['of'],
  samplesMs: readonly number[],
): Pick<BenchResult, 'operations' | 'seconds' | 'opsPerSecond' | 'latency'> {
  return {
    operations,
    seconds: round(seconds, 3),
    opsPerSecond: round(operations / seconds, 1),
    latency: { of, samples: samplesMs.length, ...summarise(samplesMs)! },
  };
}

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult, BenchTarget } from './benchmarks/types.ts';
import type { MachineInfo } from './machine.ts';
import type { BenchOptions } from './options.ts';

/** The file bench/results/latest.json holds. Bump `format` when a field changes meaning. */
export interface BenchReport {
  format: 1;
  date: string;
  command: string;
  commit: string | null;
  /** Whether tracked files had uncommitted changes when the run started. */
  dirty: boolean | null;
  durationSeconds: number;
  machine: MachineInfo;
  options: Omit<BenchOptions, 'out' | 'postgresUrl'> & { postgresUrl: string };
  results: BenchResult[];
  skipped: { name: string; database: BenchTarget; reason: string }[];
  failed: { name: string; database: BenchTarget; error: string }[];
}

/** Writes the report atomically (a crash mid-write leaves the previous file intact). */
export function writeReport(file: string, report: BenchReport): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(temporary, file);
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined
    ? '–'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The results as an aligned text table. */
export function formatTable(results: BenchResult[]): string {
  const header = [
    'benchmark',
    'database',
    'count',
    'seconds',
    'ops/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'latency of',
  ];
  const rows = results.map((r) => [
    r.name,
    r.database === 'none' ? '–' : r.database,
    fmt(r.operations),
    fmt(r.seconds, 2),
    fmt(r.opsPerSecond, 0),
    fmt(r.latency?.p50Ms, 1),
    fmt(r.latency?.p95Ms, 1),
    fmt(r.latency?.p99Ms, 1),
    r.latency ? (r.latency.of === 'batch' ? `batch of ${r.params.batchSize}` : r.latency.of) : '–',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

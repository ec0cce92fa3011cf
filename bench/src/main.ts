/**
 * sinag-bench: runs the benchmarks on PGlite and PostgreSQL, prints a table and writes
 * bench/results/latest.json (see bench/README.md and docs/benchmarks.md).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { selectBenchmarks } from './benchmarks/index.ts';
import type { Benchmark, BenchResult } from './benchmarks/types.ts';
import { redact } from './fixture.ts';
import { gitCommit, gitDirty, loadAverage, machineInfo } from './machine.ts';
import { parseOptions, USAGE, type BenchOptions } from './options.ts';
import { formatTable, writeReport, type BenchReport } from './report.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Errors meaning "there is no PostgreSQL to talk to", as opposed to a failure of the benchmark. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  '28P01',
  '28000',
  '3D000',
]);

function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  // Through `npm run bench` the lifecycle event says so; otherwise the bin was called directly.
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${args ? ` -- ${args}` : ''}`;
  return `sinag-bench${args ? ` ${args}` : ''}`;
}

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; errors?: { code?: unknown }[] };
  if (typeof e?.code === 'string') return e.code;
  // pg wraps "connection refused" on several addresses in an AggregateError.
  const inner = e?.errors?.find((x) => typeof x?.code === 'string');
  return inner ? String(inner.code) : undefined;
}

async function main(options: BenchOptions, benchmarks: Benchmark[]): Promise<number> {
  const started = performance.now();
  const date = new Date().toISOString();
  const report: BenchReport = {
    format: 1,
    date,
    command: commandLine(),
    commit: gitCommit(REPO_ROOT),
    dirty: gitDirty(REPO_ROOT),
    durationSeconds: 0,
    machine: machineInfo(),
    options: {
      apiCount: options.apiCount,
      bulkCount: options.bulkCount,
      concurrency: options.concurrency,
      batchSize: options.batchSize,
      seed: options.seed,
      databases: options.databases,
      only: options.only,
      quick: options.quick,
      postgresUrl: redact(options.postgresUrl),
    },
    results: [],
    skipped: [],
    failed: [],
  };
  const { machine } = report;
  console.log(
    `sinag-bench: ${machine.cpuModel} ×${machine.cpuCount}, ${(machine.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, node ${machine.node}` +
      `${report.commit ? `, commit ${report.commit}${report.dirty ? ' (with changes)' : ''}` : ''}`,
  );
  if (machine.loadAverage.start > machine.cpuCount / 2) {
    console.warn(
      `warning: load average ${machine.loadAverage.start} on ${machine.cpuCount} CPUs: other work will skew the figures`,
    );
  }

  let postgresDown: string | undefined;
  for (const benchmark of benchmarks) {
    for (const database of benchmark.withoutDatabase ? (['none'] as const) : options.databases) {
      if (benchmark.onlyOn && database !== benchmark.onlyOn) {
        report.skipped.push({
          name: benchmark.name,
          database,
          reason: `its target is set for ${benchmark.onlyOn}`,
        });
        continue;
      }
      if (database === 'postgres' && postgresDown) {
        report.skipped.push({ name: benchmark.name, database, reason: postgresDown });
        continue;
      }
      console.log(`\n▶ ${benchmark.name}${database === 'none' ? '' : ` on ${database}`}`);
      const log = (line: string) => console.log(`  ${line}`);
      try {
        const result: BenchResult = await benchmark.run(database, options, log);
        report.results.push(result);
        const latency = result.latency
          ? `, p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms per ${result.latency.of}`
          : '';
        log(
          `${result.operations} in ${result.seconds.toFixed(2)} s: ${result.opsPerSecond} ${plural(result.unit)}/s${latency}`,
        );
      } catch (error) {
        const code = errorCode(error);
        const message = error instanceof Error ? error.message || String(code) : String(error);
        if (database === 'postgres' && code && UNREACHABLE.has(code)) {
          postgresDown = `PostgreSQL at ${redact(options.postgresUrl)} is not reachable (${code}); set BENCH_DATABASE_URL`;
          console.warn(`  skipped: ${postgresDown}`);
          report.skipped.push({ name: benchmark.name, database, reason: postgresDown });
        } else {
          console.error(`  FAILED: ${message}`);
          report.failed.push({ name: benchmark.name, database, error: message });
        }
      }
    }
  }

  report.durationSeconds = Math.round((performance.now() - started) / 100) / 10;
  machine.loadAverage.end = loadAverage();
  console.log(`\n${formatTable(report.results)}\n`);
  for (const s of report.skipped) console.log(`skipped ${s.name} on ${s.database}: ${s.reason}`);
  for (const f of report.failed) console.log(`FAILED ${f.name} on ${f.database}: ${f.error}`);
  writeReport(options.out, report);
  console.log(
    `${report.results.length} results in ${report.durationSeconds} s → ${path.relative(process.cwd(), options.out) || options.out}`,
  );
  // Nothing measured (e.g. every run skipped) is a failure too: a CI step must not pass on it.
  return report.failed.length || !report.results.length ? 1 : 0;
}

let options: BenchOptions | 'help';
let benchmarks: Benchmark[] = [];
try {
  options = parseOptions(process.argv.slice(2));
  if (options !== 'help') benchmarks = selectBenchmarks(options.only);
} catch (error) {
  console.error(`sinag-bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (options === 'help') {
  console.log(USAGE);
} else {
  process.exitCode = await main(options, benchmarks);
}

/** "referral" → "referrals", "entry" → "entries". */
function plural(unit: string): string {
  return unit.endsWith('y') ? `${unit.slice(0, -1)}ies` : `${unit}s`;
}

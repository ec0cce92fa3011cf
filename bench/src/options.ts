import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The databases a benchmark can run on. */
export const DATABASES = ['pglite', 'postgres'] as const;
export type BenchDatabase = (typeof DATABASES)[number];

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export interface BenchOptions {
  /** Referrals sent through the HTTP API per database. */
  apiCount: number;
  /** Referrals created through the service layer per database. */
  bulkCount: number;
  /** Concurrent HTTP clients. */
  concurrency: number;
  /** Referrals per createReferralsBulk call. */
  batchSize: number;
  seed: number;
  databases: BenchDatabase[];
  /** Benchmark names (or name prefixes) to run; empty means all. */
  only: string[];
  postgresUrl: string;
  quick: boolean;
  out: string;
}

export const USAGE = `Usage: npm run bench -- [options]

  --quick                 smoke run with small counts (results go to bench/results/quick.json.tmp)
  --only <name>           run only this benchmark (or name prefix); repeat or comma-separate for several
  --db <kinds>            pglite, postgres or both (default: pglite,postgres)
  --count <n>             referrals per benchmark (overrides --api-count and --bulk-count)
  --api-count <n>         referrals sent through the API (default 2000, env BENCH_API_COUNT)
  --bulk-count <n>        referrals created in bulk (default 10000, env BENCH_BULK_COUNT)
  --concurrency <n>       concurrent HTTP clients (default 8, env BENCH_CONCURRENCY)
  --batch-size <n>        referrals per bulk call (default 500)
  --seed <n>              demo generator seed (default 2019)
  --out <file>            where to write the JSON results
  -h, --help              this text

PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).`;

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${name}: expected a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

function list(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Reads the command line and BENCH_* variables; throws with a readable message on a bad value. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      db: { type: 'string', multiple: true },
      count: { type: 'string' },
      'api-count': { type: 'string' },
      'bulk-count': { type: 'string' },
      concurrency: { type: 'string' },
      'batch-size': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';

  const quick = values.quick ?? false;
  // Upper bounds keep every loop finite and a typo from running for hours.
  const count = values.count === undefined ? undefined : positiveInt('--count', values.count, 0, 1_000_000);
  const apiCount =
    count ??
    positiveInt('--api-count', values['api-count'] ?? env.BENCH_API_COUNT, quick ? 200 : 2000, 1_000_000);
  const bulkCount =
    count ??
    positiveInt(
      '--bulk-count',
      values['bulk-count'] ?? env.BENCH_BULK_COUNT,
      quick ? 1000 : 10000,
      1_000_000,
    );
  const concurrency = positiveInt('--concurrency', values.concurrency ?? env.BENCH_CONCURRENCY, 8, 256);
  const batchSize = positiveInt('--batch-size', values['batch-size'], 500, 10_000);
  const seed = positiveInt('--seed', values.seed, 2019, 2 ** 31 - 1);

  const databases = list(values.db);
  for (const d of databases) {
    if (!(DATABASES as readonly string[]).includes(d))
      throw new Error(`--db: unknown database "${d}" (pglite or postgres)`);
  }
  const only = list(values.only);
  const partial = quick || only.length > 0 || databases.length > 0;
  return {
    apiCount,
    bulkCount,
    concurrency,
    batchSize,
    seed,
    databases: databases.length ? (databases as BenchDatabase[]) : [...DATABASES],
    only,
    postgresUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    quick,
    // Only a full run replaces the committed results; smoke and partial runs go to an ignored file.
    out: path.resolve(
      values.out ??
        path.join(RESULTS_DIR, partial ? (quick ? 'quick.json.tmp' : 'partial.json.tmp') : 'latest.json'),
    ),
  };
}

import type { BenchDatabase, BenchOptions } from '../options.ts';

/** Where a benchmark runs: on a database, or on files alone ('none'). */
export type BenchTarget = BenchDatabase | 'none';

/** Checks of a benchmark that stores referrals. */
export interface StoredChecks {
  referralsStored: number;
  auditEntries: number;
  auditChainValid: boolean;
}

/** Checks of a hashing benchmark: every file got its hashes. */
export interface HashedChecks {
  filesHashed: number;
  pdqHashes: number;
  errors: number;
}

/** Checks of an index benchmark: what had to be found was found, and results equal a linear scan. */
export type IndexChecks = Record<string, number>;

/** One measured figure: one benchmark on one database (or on none). */
export interface BenchResult {
  name: string;
  database: BenchTarget;
  /** Where the data lived: a temp folder on disk (PGlite) or a throw-away schema (PostgreSQL). */
  storage: string;
  /** The database server's version (PGlite reports the PostgreSQL version it embeds). */
  databaseVersion: string;
  /** What one operation is, e.g. "referral". */
  unit: string;
  /** Timed operations (warm-up excluded). */
  operations: number;
  seconds: number;
  opsPerSecond: number;
  /** Latency percentiles of what each caller waited for: one HTTP request, one bulk batch, or one report's requests. */
  latency: {
    of: 'request' | 'batch' | 'report' | 'search';
    samples: number;
    p50Ms: number;
    p95Ms?: number;
    p99Ms: number;
    maxMs: number;
  } | null;
  /** Untimed operations run first, so the JIT and the database caches are warm. */
  warmup: number;
  /** Settings of this run (concurrency, batch size, seed, …) and what the data looked like. */
  params: Record<string, number | string | boolean>;
  /** Checks done after timing: what was stored matches what was sent, and the audit chain verifies. */
  checks: StoredChecks | HashedChecks | IndexChecks;
}

export interface Benchmark {
  name: string;
  /** One line for the README, the table and --help. */
  description: string;
  /** Runs once, on no database, whatever --db says (e.g. hashing files). */
  withoutDatabase?: boolean;
  /** The databases its target is set for; on others it is skipped, saying why. */
  onlyOn?: BenchDatabase;
  run(database: BenchTarget, options: BenchOptions, log: (line: string) => void): Promise<BenchResult>;
}

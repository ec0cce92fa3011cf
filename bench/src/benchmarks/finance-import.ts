import {
  DEFAULT_TRANSACTION_BATCH,
  generateTransactions,
  TRANSACTION_CSV_HEADER,
  transactionCsvRow,
} from '@sinag/core';
import { createReferralsBulk, importTransactionFile, screenFrom, type FinanceActor } from '@sinag/server';
import { performance } from 'node:perf_hooks';
import { checkStored } from '../checks.ts';
import { benchReferrals } from '../data.ts';
import { backendCpuMs, backendCpuSince, cpuMs } from '../database-cpu.ts';
import { settleDerivedWork } from '../derived-work.ts';
import type { Fixture } from '../fixture.ts';
import { chunksOf } from '../hash-lists.ts';
import { defineBenchmark } from './define.ts';
import { timedFigures } from './figures.ts';

/** Rows imported from another source first, so the JIT and the database caches are warm. */
const WARMUP = 20_000;

/** A synthetic payment file in the default CSV layout (`sinag finance generate`'s rows). */
function paymentFile(seed: number, rows: number, pooled: boolean): Buffer {
  const lines = [TRANSACTION_CSV_HEADER];
  let i = 0;
  for (const tx of generateTransactions({ seed, rows })) {
    // Every other payment paid into one account, as a remitter's file pays into its pooled account.
    if (pooled && i++ % 2) tx.receiver = { id: 'POOLED-ACCOUNT-1', country: 'PH' };
    lines.push(transactionCsvRow(tx));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

async function importFile(fixture: Fixture, who: FinanceActor, source: string, file: Buffer) {
  const batchMs: number[] = [];
  const databaseBefore = await backendCpuMs(fixture.services);
  const cpuBefore = process.cpuUsage();
  let last = performance.now();
  const started = last;
  const result = await importTransactionFile(
    fixture.services,
    who,
    { source, format: 'csv' },
    chunksOf(file),
    {
      skipScreening: true,
      onProgress: () => {
        const now = performance.now();
        batchMs.push(now - last);
        last = now;
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const databaseMs = backendCpuSince(databaseBefore, await backendCpuMs(fixture.services));
  return { result, seconds, batchMs, nodeCpuMs: cpuMs(cpu), databaseMs };
}

/** The intake organisation's admin as a financial analyst: whom the benchmarks import and screen as. */
function intakeAnalyst(fixture: Fixture): FinanceActor {
  return {
    organisationId: fixture.intake.organisationId,
    userId: fixture.intake.adminId,
    displayName: 'admin',
    by: fixture.intake.admin,
  };
}

/** The import benchmark, of the generator's file as it is or with half its payments into one account. */
function importBenchmark(name: string, description: string, pooled: boolean) {
  return defineBenchmark({
    name,
    description,
    async measure({ fixture, options, log }) {
      const who = intakeAnalyst(fixture);
      const rows = options.quick ? 100_000 : 1_000_000;
      log(`warm-up: ${WARMUP} rows from another source`);
      await importFile(fixture, who, 'warm-up', paymentFile(options.seed + 1, WARMUP, pooled));
      const file = paymentFile(options.seed, rows, pooled);
      log(`timed: ${rows} rows (${(file.length / 1048576).toFixed(1)} MiB of CSV)`);
      const { result, seconds, batchMs, nodeCpuMs, databaseMs } = await importFile(
        fixture,
        who,
        'timed',
        file,
      );
      if (result.imported !== rows || result.rejectedCount !== 0)
        throw new Error(
          `expected ${rows} rows imported, got ${JSON.stringify({ ...result, rejected: undefined })}`,
        );
      log('screening the stored rows');
      const screeningStarted = performance.now();
      const screeningCpu = process.cpuUsage();
      const screening = await screenFrom(fixture.services, who, new Date(0));
      const screeningSeconds = (performance.now() - screeningStarted) / 1000;
      const screeningCpuMs = cpuMs(process.cpuUsage(screeningCpu));
      const checks = await checkStored(fixture.services, 0);
      return {
        unit: 'row',
        ...timedFigures(rows, seconds, 'batch', batchMs),
        warmup: WARMUP,
        params: {
          batchSize: DEFAULT_TRANSACTION_BATCH,
          fileMiB: Math.round(file.length / 10485.76) / 100,
          batches: batchMs.length,
          seed: options.seed,
          screened: screening.transactionsScreened,
          alerts: screening.alertsRaised,
          screeningRowsPerSecond: Math.round(screening.transactionsScreened / screeningSeconds),
          screeningSeconds: Math.round(screeningSeconds * 100) / 100,
          screeningCpuMicrosPerRow: Math.round((screeningCpuMs * 1000) / screening.transactionsScreened),
          // CPU per row: this Node process (parsing, sending; PGlite's database too) and PostgreSQL's backends.
          nodeCpuMicrosPerRow: Math.round((nodeCpuMs * 1000) / rows),
          ...(databaseMs === undefined
            ? {}
            : { postgresCpuMicrosPerRow: Math.round((databaseMs * 1000) / rows) }),
        },
        checks,
      };
    },
  });
}

export const financeImport = importBenchmark(
  'finance.import',
  'importTransactionFile() as `sinag finance import` and `POST /api/v1/finance/transactions` run it: a synthetic payment file of 1,000,000 rows in the default CSV layout (from the finance generator) streamed in 1 MiB chunks — parsing, validation, phone and email normalisation, inserts of 5,000 rows per statement. Rows/s and p50/p99 per stored batch; then screening of the stored rows, timed apart (params.screeningRowsPerSecond). `--quick`: 100,000.',
  false,
);

export const financeImportPooled = importBenchmark(
  'finance.import.pooled',
  'finance.import with every other payment paid into one account (a remitter’s pooled account, a merchant): one party with half a million payments in the party indexes. `--quick`: 100,000 rows.',
  true,
);

/** Payments in the file screened by `finance.screen.known`, and how often it is screened. */
const KNOWN_ROWS = 10_000;
const KNOWN_RUNS = 5;

export const financeScreenKnown = defineBenchmark({
  name: 'finance.screen.known',
  description: `Screening a small import among many referrals: --bulk-count demo referrals stored (untimed), each fifth naming a reported person, then ${KNOWN_ROWS.toLocaleString('en')} payments imported and screened ${KNOWN_RUNS} times (screenFrom, as an import ends). Its parties are looked up in the referrals; the time should not grow with their number`,
  async measure({ fixture, options, log }) {
    const { services, intake } = fixture;
    const who = intakeAnalyst(fixture);
    const owner = { organisationId: intake.organisationId, createdBy: intake.adminId };
    const referrals = benchReferrals(options.seed, 0, options.bulkCount).timed.map((r, i) => {
      if (i % 5 || !r.reportedPersons?.length) return { data: r as unknown };
      const [first, ...rest] = r.reportedPersons;
      return {
        data: { ...r, reportedPersons: [{ ...first!, name: `Person ${i} Santos` }, ...rest] } as unknown,
      };
    });
    log(`storing ${referrals.length} referrals (untimed)`);
    for (let i = 0; i < referrals.length; i += 1000)
      await createReferralsBulk(services, owner, intake.admin, referrals.slice(i, i + 1000));
    await settleDerivedWork(services, log);
    await importFile(fixture, who, 'small', paymentFile(options.seed, KNOWN_ROWS, false));
    log(`screening ${KNOWN_ROWS} payments ${KNOWN_RUNS} times`);
    const runMs: number[] = [];
    let screened = 0;
    const began = performance.now();
    for (let run = 0; run < KNOWN_RUNS; run++) {
      const t = performance.now();
      screened += (await screenFrom(services, who, new Date(0))).transactionsScreened;
      runMs.push(performance.now() - t);
    }
    const seconds = (performance.now() - began) / 1000;
    return {
      unit: 'payment',
      ...timedFigures(screened, seconds, 'batch', runMs),
      warmup: 0,
      params: { referrals: referrals.length, batchSize: KNOWN_ROWS, runs: KNOWN_RUNS, seed: options.seed },
      checks: await checkStored(services, referrals.length),
    };
  },
});

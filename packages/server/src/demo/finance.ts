import {
  generateTransactions,
  TRANSACTION_CSV_HEADER,
  transactionCsvRow,
  type PlantedParty,
} from '@sinag/core';
import type { Actor } from '../auth/actor.ts';
import { financeActor } from '../finance/actor.ts';
import { importTransactionFile } from '../finance/import.ts';
import type { Services } from '../services.ts';

/** Rows of the demo payment file: enough for the planted patterns to raise alerts, quick to screen. */
export const DEMO_PAYMENT_ROWS = 10_000;
/** The generator spreads this many rows over its shortest span, 60 days. */
const SPAN_DAYS = 60;
const DAY_MS = 86_400_000;

export interface DemoPaymentFile {
  csv: string;
  /** The planted offenders, facilitators and extorters: the parties some demo referrals name. */
  parties: PlantedParty[];
}

/** A seeded payment file in the default CSV layout, ending today. */
export function demoPaymentFile(now: Date, seed: number): DemoPaymentFile {
  const start = Math.floor(now.getTime() / DAY_MS) * DAY_MS - SPAN_DAYS * DAY_MS;
  const lines = [TRANSACTION_CSV_HEADER];
  const payments = generateTransactions({ seed, rows: DEMO_PAYMENT_ROWS, start });
  for (let next = payments.next(); ; next = payments.next()) {
    if (next.done) return { csv: lines.join('\n') + '\n', parties: next.value };
    lines.push(transactionCsvRow(next.value));
  }
}

/** Imports the file as a remittance company's report, screened as any upload is. */
export function importDemoPayments(services: Services, analyst: Actor, file: DemoPaymentFile) {
  return importTransactionFile(
    services,
    financeActor(analyst),
    { source: 'Demo Remittance Co.', format: 'csv' },
    [file.csv],
  );
}

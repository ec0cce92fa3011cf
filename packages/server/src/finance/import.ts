import {
  FINANCE_REJECTIONS_LISTED,
  readTransactions,
  TransactionFileError,
  type Chunks,
  type ColumnMapping,
  type FinanceImportResult,
  type RejectedRow,
  type TransactionBatch,
  type TransactionFileFormat,
} from '@sinag/core';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { appendAudit, audited } from '../audit/log.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import type { FinanceActor } from './actor.ts';
import { screenFrom } from './screening.ts';
import { insertTransactions } from './transactions.ts';

export interface FinanceImportRequest {
  source: string;
  format: TransactionFileFormat;
  mapping?: ColumnMapping;
}

export interface FinanceImportOptions {
  /** Rows per insert statement. */
  batchSize?: number;
  /** After each stored batch: rows read so far. */
  onProgress?: (rows: number) => void;
  /** Import only, screen later (the benchmark times the two apart). */
  skipScreening?: boolean;
}

/** Batches being stored at once. */
const STORES_IN_FLIGHT = 2;

/** From this many new payments on, an import ends by tidying the payments table (see `tidyPayments`). */
export const TIDY_AFTER_ROWS = 10_000;

interface Counts {
  rows: number;
  imported: number;
  alreadyPresent: number;
  rejected: RejectedRow[];
  rejectedCount: number;
  earliest: Date | null;
}

/**
 * Imports a payment file as it streams in: each batch of parsed rows is one insert, stored while the next batch
 * is parsed. Rows the source sent before are counted as already present; bad rows are skipped with their line
 * and reason (the first FINANCE_REJECTIONS_LISTED listed, all counted). Then screening runs over the new
 * payments and the window before them. A file that cannot be read at all (no header with the required
 * columns) is a 400 before anything is stored.
 */
export async function importTransactionFile(
  services: Services,
  who: FinanceActor,
  request: FinanceImportRequest,
  chunks: Chunks,
  options: FinanceImportOptions = {},
): Promise<FinanceImportResult> {
  const sourceId = await sourceIdOf(services, who.organisationId, request.source);
  const importId = randomUUID();
  await audited(services.db, who.by, async (trx) => {
    await trx
      .insertInto('finance_imports')
      .values({
        id: importId,
        organisation_id: who.organisationId,
        source_id: sourceId,
        format: request.format,
        created_by: who.userId,
      })
      .execute();
    return {
      result: undefined,
      events: [
        {
          action: 'finance.import.start',
          entityType: 'finance-import',
          entityId: importId,
          details: { source: request.source, format: request.format, mapped: Boolean(request.mapping) },
        },
      ],
    };
  });

  const counts: Counts = {
    rows: 0,
    imported: 0,
    alreadyPresent: 0,
    rejected: [],
    rejectedCount: 0,
    earliest: null,
  };
  const target = { organisationId: who.organisationId, sourceId, importId };
  const store = async ({ transactions, rows }: TransactionBatch) => {
    // Only the count is kept across the insert: the parsed rows are garbage once their columns are sent.
    const sent = transactions.length;
    const stored = await insertTransactions(services.db, target, transactions);
    counts.imported += stored.imported;
    counts.alreadyPresent += sent - stored.imported;
    if (stored.earliest && (!counts.earliest || stored.earliest < counts.earliest))
      counts.earliest = stored.earliest;
    // Batches may finish out of order: the progress is the furthest row read and stored.
    counts.rows = Math.max(counts.rows, rows);
    options.onProgress?.(counts.rows);
  };

  // Batches are stored on STORES_IN_FLIGHT connections while the next is parsed: the database works in its
  // own processes meanwhile, and one batch's commit (its WAL flush) overlaps another's inserts.
  const storing: Promise<void>[] = [];
  const reading = { format: request.format, mapping: request.mapping, batchSize: options.batchSize };
  try {
    for await (const batch of readTransactions(chunks, reading)) {
      counts.rejectedCount += batch.rejected.length;
      counts.rejected.push(...batch.rejected.slice(0, FINANCE_REJECTIONS_LISTED - counts.rejected.length));
      if (storing.length >= STORES_IN_FLIGHT) await storing.shift();
      const stored = store(batch);
      stored.catch(() => {}); // awaited below; this only keeps it from counting as unhandled meanwhile
      storing.push(stored);
    }
    await Promise.all(storing);
  } catch (error) {
    await Promise.allSettled(storing);
    await finishImport(services, who, importId, 'failed', counts);
    if (error instanceof TransactionFileError)
      throw new AppError('validation_failed', `body: ${error.message}`, 'body');
    throw error;
  }
  await finishImport(services, who, importId, 'completed', counts);
  if (counts.imported >= TIDY_AFTER_ROWS) await tidyPayments(services);
  const screening = await screenFrom(services, who, options.skipScreening ? null : counts.earliest);
  return {
    importId,
    source: request.source,
    rows: counts.rows,
    imported: counts.imported,
    alreadyPresent: counts.alreadyPresent,
    rejected: counts.rejected,
    rejectedCount: counts.rejectedCount,
    screening,
  };
}

/**
 * VACUUM (ANALYZE) of the payments table, before the new rows are read back. A row just inserted carries no
 * hint bits: the first read of it (screening's, straight after the import) looks its transaction up and writes
 * the page out again, and the planner has no statistics for it until autovacuum comes (PGlite has none).
 * VACUUM sets the hint bits and the visibility map in one pass over the new pages only. 1 million rows on
 * PostgreSQL: 1.2–1.5 s, and screening them then took 18.6 s instead of 27.4 s (docs/benchmarks.md).
 */
async function tidyPayments(services: Services): Promise<void> {
  await sql`vacuum (analyze) finance_transactions`.execute(services.db);
}

/** The id of an organisation's source by name, created the first time it is named. */
async function sourceIdOf(services: Services, organisationId: string, name: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into finance_sources (organisation_id, name) values (${organisationId}::uuid, ${name})
    on conflict (organisation_id, name) do update set name = excluded.name
    returning id`.execute(services.db);
  return rows[0]!.id;
}

async function finishImport(
  services: Services,
  who: FinanceActor,
  importId: string,
  status: 'completed' | 'failed',
  counts: Counts,
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('finance_imports')
      .set({
        status,
        rows: counts.rows,
        imported: counts.imported,
        already_present: counts.alreadyPresent,
        rejected: counts.rejectedCount,
        rejected_rows: JSON.stringify(counts.rejected),
        finished_at: new Date(),
      })
      .where('id', '=', importId)
      .execute();
    await appendAudit(trx, who.by, [
      {
        action: 'finance.import',
        entityType: 'finance-import',
        entityId: importId,
        details: {
          status,
          rows: counts.rows,
          imported: counts.imported,
          alreadyPresent: counts.alreadyPresent,
          rejected: counts.rejectedCount,
        },
      },
    ]);
  });
}

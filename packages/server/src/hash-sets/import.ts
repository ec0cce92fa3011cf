import {
  DigestSet,
  HashListFormatError,
  IMPORT_ERRORS_KEPT,
  packEntries,
  readHashList,
  rememberEntries,
  type Chunks,
  type HashListFormat,
  type HashSetImportJob,
  type ParsedBatch,
  type RecordError,
} from '@sinag/core';
import { sql, type Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import { appendAudit, audited } from '../audit/log.ts';
import { AppError } from '../http/errors.ts';
import type { Database } from '../db/schema.ts';
import type { Services } from '../services.ts';
import type { OrganisationActor } from '../auth/actor.ts';
import { insertChunk, readChunks } from './chunks.ts';
import { toImportJob } from './repository.ts';
import { findHashSet } from './service.ts';
import { isUniqueViolation } from '../db/errors.ts';

export interface ImportOptions {
  /** The job's id, chosen by the caller so it can poll the progress while the upload runs. */
  jobId?: string;
  /** Entries per batch (one transaction each). */
  batchSize?: number;
  /** Called after each stored batch, with the job as stored. */
  onProgress?: (job: HashSetImportJob) => void;
}

interface Counts {
  processed: number;
  imported: number;
  duplicates: number;
  rejected: number;
  kept: number;
}

/**
 * Imports a hash list into a set as it streams in: each batch of entries is stored as one chunk with the
 * job's progress in one transaction, so the job row always says how far the import got. Entries already in
 * the set are counted as duplicates and not added again, so a failed or repeated import is completed by
 * running it again. A file that is not of the stated format at all is refused (400) before anything is stored.
 */
export async function importHashList(
  services: Services,
  who: OrganisationActor,
  hashSetId: string,
  format: HashListFormat,
  chunks: Chunks,
  options: ImportOptions = {},
): Promise<HashSetImportJob> {
  const jobId = options.jobId ?? randomUUID();
  await startJob(services, who, hashSetId, format, jobId);
  const counts: Counts = { processed: 0, imported: 0, duplicates: 0, rejected: 0, kept: 0 };
  // The identities of the set's entries, and the first id of the last chunk they include.
  const seen = new DigestSet();
  let known = 0;

  const store = async (batch: ParsedBatch) => {
    const errors = keep(counts, batch.errors);
    const job = await services.db.transaction().execute(async (trx) => {
      // The set's row stays locked until commit, so no other import adds to the set in between: catch up
      // with what was stored before (everything, the first time), then keep what is new.
      await lockSet(trx, hashSetId);
      for await (const chunk of readChunks(trx, hashSetId, { fromFirstId: known + 1 })) {
        rememberEntries(chunk, seen);
        known = chunk.firstId;
      }
      const columns = packEntries(batch.entries, seen);
      const imported = columns.count;
      if (imported) known = await insertChunk(trx, hashSetId, columns);
      counts.imported += imported;
      counts.duplicates += batch.entries.length - imported;
      counts.rejected += batch.errors.length;
      counts.processed = batch.records;
      if (imported)
        await trx
          .updateTable('hash_sets')
          .set((eb) => ({ entry_count: eb('entry_count', '+', imported), updated_at: new Date() }))
          .where('id', '=', hashSetId)
          .execute();
      return trx
        .updateTable('hash_set_imports')
        .set({
          dialect: batch.dialect,
          processed: counts.processed,
          imported: counts.imported,
          duplicates: counts.duplicates,
          rejected: counts.rejected,
          ...(errors.length ? { errors: sql<string>`errors || ${JSON.stringify(errors)}::jsonb` } : {}),
        })
        .where('id', '=', jobId)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    options.onProgress?.(toImportJob(job));
  };

  // One batch is stored while the next is parsed: PostgreSQL works in its own process meanwhile.
  let storing: Promise<void> | undefined;
  try {
    for await (const batch of readHashList(format, chunks, options.batchSize)) {
      await storing;
      storing = store(batch);
      storing.catch(() => {}); // awaited above or below; this only keeps it from counting as unhandled
    }
    await storing;
  } catch (error) {
    await storing?.catch(() => {}); // so the counts include the batch that was being stored
    const reason = failureReason(error, counts);
    await finishJob(services, who, jobId, hashSetId, 'failed', counts, reason);
    if (error instanceof HashListFormatError)
      throw new AppError('validation_failed', `body: ${reason}`, 'body');
    throw error;
  }
  const job = await finishJob(services, who, jobId, hashSetId, 'completed', counts, null);
  if (counts.imported)
    services.events.emit('hashSetsChanged', {
      hashSetId,
      organisationId: who.organisationId,
      reason: 'imported',
    });
  return job;
}

async function lockSet(trx: Transaction<Database>, hashSetId: string): Promise<void> {
  const row = await trx
    .selectFrom('hash_sets')
    .select('id')
    .where('id', '=', hashSetId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'The hash set was deleted during the import.');
}

/** The first IMPORT_ERRORS_KEPT errors of the job, as they come. */
function keep(counts: Counts, errors: RecordError[]): RecordError[] {
  const room = Math.max(0, IMPORT_ERRORS_KEPT - counts.kept);
  const kept = errors.slice(0, room);
  counts.kept += kept.length;
  return kept;
}

function failureReason(error: unknown, counts: Counts): string {
  const where = `after ${counts.processed} records (${counts.imported} imported)`;
  if (error instanceof HashListFormatError)
    return counts.processed ? `${error.message} (stopped ${where})` : error.message;
  if (error instanceof AppError) return `${error.message} Stopped ${where}.`;
  return (
    `stopped ${where}: ${(error as Error).message ?? 'unknown error'}. ` +
    'Import the same file again to complete it: entries already stored are not added twice.'
  );
}

async function startJob(
  services: Services,
  who: OrganisationActor,
  hashSetId: string,
  format: HashListFormat,
  jobId: string,
): Promise<void> {
  try {
    await audited(services.db, who.by, async (trx) => {
      await findHashSet(trx, who, hashSetId);
      await trx
        .insertInto('hash_set_imports')
        .values({
          id: jobId,
          hash_set_id: hashSetId,
          format,
          status: 'running',
          errors: '[]',
          created_by: who.userId,
        })
        .execute();
      return {
        result: undefined,
        events: [
          {
            action: 'hashset.import.start',
            entityType: 'hash-set',
            entityId: hashSetId,
            details: { job: jobId, format },
          },
        ],
      };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', 'job: an import job with this id exists already', 'job');
    throw error;
  }
}

async function finishJob(
  services: Services,
  who: OrganisationActor,
  jobId: string,
  hashSetId: string,
  status: 'completed' | 'failed',
  counts: Counts,
  failure: string | null,
): Promise<HashSetImportJob> {
  return services.db.transaction().execute(async (trx) => {
    const job = await trx
      .updateTable('hash_set_imports')
      .set({ status, failure, finished_at: new Date() })
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const { kept: _kept, ...details } = counts;
    await appendAudit(trx, who.by, [
      {
        action: 'hashset.import',
        entityType: 'hash-set',
        entityId: hashSetId,
        details: { job: jobId, status, format: job.format, dialect: job.dialect, ...details },
      },
    ]);
    return toImportJob(job);
  });
}

export async function getImportJob(
  services: Services,
  who: OrganisationActor,
  hashSetId: string,
  jobId: string,
): Promise<HashSetImportJob> {
  return audited(services.db, who.by, async (trx) => {
    await findHashSet(trx, who, hashSetId);
    const row = await trx
      .selectFrom('hash_set_imports')
      .selectAll()
      .where('id', '=', jobId)
      .where('hash_set_id', '=', hashSetId)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'No such import job for this hash set.');
    return {
      result: toImportJob(row),
      events: [
        {
          action: 'hashset.import.read',
          entityType: 'hash-set',
          entityId: hashSetId,
          details: { job: jobId },
        },
      ],
    };
  });
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { FileDigest } from './digest.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The report with this id, if the organisation submitted it; `lock` holds its row until commit. */
export async function findReport(db: Db, organisationId: string, reportId: string, lock = false) {
  let query = db
    .selectFrom('ispws_reports')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('organisation_id', '=', organisationId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * Serialises submissions of one document by one organisation, so two identical reports sent at the same
 * moment cannot both miss each other in the duplicate check (held until the transaction ends).
 */
export async function lockDocument(trx: Transaction<Database>, organisationId: string, sha256: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`ispws:${organisationId}:${sha256}`}, 0))`.execute(
    trx,
  );
}

/**
 * The latest report of this document by this organisation in the last `hours` that was not retracted, and
 * the id a new report would get (taken in the same round trip; an unused one is just a gap in the sequence).
 */
export async function findDuplicateOrNextId(
  trx: Transaction<Database>,
  organisationId: string,
  sha256: string,
  hours: number,
): Promise<{ duplicate: string | null; next: string }> {
  const { rows } = await sql<{ duplicate: string | number | null; next: string | number }>`
    select
      (select report_id from ispws_reports
        where organisation_id = ${organisationId} and document_sha256 = ${sha256}
          and submitted_at > now() - make_interval(hours => ${hours}) and status <> 'retracted'
        order by submitted_at desc limit 1) as duplicate,
      nextval('ispws_report_id') as next`.execute(trx);
  const row = rows[0]!;
  return { duplicate: row.duplicate === null ? null : String(row.duplicate), next: String(row.next) };
}

/** The statements below are returned unrun, for the service to send with its audit entries in one round trip. */
export function insertReport(
  trx: Transaction<Database>,
  row: {
    reportId: string;
    organisationId: string;
    userId: string;
    documentSha256: string;
    documentCiphertext: string;
  },
) {
  return trx.insertInto('ispws_reports').values({
    report_id: row.reportId,
    organisation_id: row.organisationId,
    user_id: row.userId,
    document_sha256: row.documentSha256,
    document_ciphertext: row.documentCiphertext,
  });
}

/** Adds a file after the report's others (the caller holds the report's row lock), returning its index. */
export function insertFile(
  row: { fileId: string; reportId: string; fileName: string | null; mediaType: string | null } & FileDigest,
) {
  return sql<{ file_index: number }>`
    insert into ispws_files (file_id, report_id, file_index, file_name, media_type, size_bytes, md5, sha1, sha256,
      pdq, pdq_quality, pdq_dihedral)
    select ${row.fileId}, ${row.reportId}, coalesce(max(file_index) + 1, 0), ${row.fileName}, ${row.mediaType},
      ${row.sizeBytes}, ${row.md5}, ${row.sha1}, ${row.sha256},
      ${row.pdq?.hash ?? null}, ${row.pdq?.quality ?? null}, ${row.pdq?.dihedral ?? null}::text[]
    from ispws_files where report_id = ${row.reportId}
    returning file_index`;
}

/** An earlier upload of the same bytes under the same name to this report that has no fileDetails yet. */
export async function findUndescribedCopy(
  db: Db,
  reportId: string,
  file: FileDigest & { fileName: string | null },
): Promise<string | undefined> {
  const row = await db
    .selectFrom('ispws_files')
    .select('file_id')
    .where('report_id', '=', reportId)
    .where('sha256', '=', file.sha256)
    .where('size_bytes', '=', file.sizeBytes)
    .where(sql<boolean>`file_name is not distinct from ${file.fileName}`)
    .where('details_sha256', 'is', null)
    .orderBy('file_index')
    .limit(1)
    .executeTakeFirst();
  return row?.file_id;
}

export async function findFile(db: Db, reportId: string, fileId: string) {
  return db
    .selectFrom('ispws_files')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
}

export async function findFiles(db: Db, reportId: string) {
  return db
    .selectFrom('ispws_files')
    .selectAll()
    .where('report_id', '=', reportId)
    .orderBy('file_index')
    .execute();
}

export function setFileDetails(
  trx: Transaction<Database>,
  fileId: string,
  details: { sha256: string; ciphertext: string },
) {
  return trx
    .updateTable('ispws_files')
    .set({
      details_sha256: details.sha256,
      details_ciphertext: details.ciphertext,
      details_received_at: new Date(),
    })
    .where('file_id', '=', fileId);
}

export function markFinished(
  trx: Transaction<Database>,
  reportId: string,
  referralId: string,
  finishedAt: Date,
) {
  return trx
    .updateTable('ispws_reports')
    .set({ status: 'finished', finished_at: finishedAt, referral_id: referralId })
    .where('report_id', '=', reportId);
}

export function markRetracted(trx: Transaction<Database>, reportId: string) {
  return trx
    .updateTable('ispws_reports')
    .set({ status: 'retracted', retracted_at: new Date() })
    .where('report_id', '=', reportId);
}

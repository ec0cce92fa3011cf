import { sql, type Transaction } from 'kysely';
import { appendAudit, type AuditActor } from '../audit/log.ts';
import type { Database } from '../db/schema.ts';
import type { Services } from '../services.ts';
import { encryptionContext } from './contexts.ts';

type Row = Record<string, string | number>;

/** A column Sinag encrypts: its table, primary key, and the context each row's ciphertext is bound to. */
interface EncryptedColumn {
  table: string;
  key: string[];
  column: string;
  /** Where the key id is kept beside the ciphertext, if anywhere. */
  keyIdColumn?: string;
  context(row: Row): string;
}

const ENCRYPTED: EncryptedColumn[] = [
  {
    table: 'victim_identities',
    key: ['victim_id'],
    column: 'ciphertext',
    keyIdColumn: 'key_id',
    context: (r) => encryptionContext.caseVictimIdentity(String(r.victim_id)),
  },
  {
    table: 'aftercare_placements',
    key: ['id'],
    column: 'details_ciphertext',
    keyIdColumn: 'key_id',
    context: (r) => encryptionContext.placement(String(r.id)),
  },
  {
    table: 'referral_victims',
    key: ['referral_id', 'victim_index'],
    column: 'identity_ciphertext',
    context: (r) => encryptionContext.referralVictim(String(r.referral_id), Number(r.victim_index)),
  },
  {
    table: 'referral_documents',
    key: ['referral_id', 'document_index'],
    column: 'content_ciphertext',
    context: (r) => encryptionContext.referralDocument(String(r.referral_id), Number(r.document_index)),
  },
  {
    table: 'ispws_reports',
    key: ['report_id'],
    column: 'document_ciphertext',
    context: (r) => encryptionContext.ispwsReport(String(r.report_id)),
  },
  {
    table: 'ispws_files',
    key: ['file_id'],
    column: 'details_ciphertext',
    context: (r) => encryptionContext.ispwsFileDetails(String(r.file_id)),
  },
];

/** Rows of the column not under the current key (names are the constants above, never input). */
const notCurrent = (services: Services, c: EncryptedColumn) =>
  sql`${sql.ref(c.column)} is not null and ${sql.ref(c.column)} not like ${`${services.vault.currentPrefix}%`}`;

const keyList = (c: EncryptedColumn) => sql.join(c.key.map((k) => sql.ref(k)));

/** The next batch after `after` (in key order), re-encrypted under the current key; returns its last key. */
async function reEncryptBatch(
  services: Services,
  trx: Transaction<Database>,
  c: EncryptedColumn,
  after: Row | undefined,
  batchSize: number,
): Promise<Row[]> {
  const position = after ? sql`and (${keyList(c)}) > (${sql.join(c.key.map((k) => after[k]))})` : sql``;
  const { rows } = await sql<Row>`
    select ${keyList(c)}, ${sql.ref(c.column)} as ciphertext from ${sql.table(c.table)}
    where ${notCurrent(services, c)} ${position}
    order by ${keyList(c)} limit ${batchSize} for update`.execute(trx);
  for (const row of rows) {
    const context = c.context(row);
    const ciphertext = services.vault.encrypt(
      services.vault.decrypt(String(row.ciphertext), context),
      context,
    );
    const where = sql.join(
      c.key.map((k) => sql`${sql.ref(k)} = ${row[k]}`),
      sql` and `,
    );
    const keyId = c.keyIdColumn ? sql`, ${sql.ref(c.keyIdColumn)} = ${services.vault.keyId}` : sql``;
    await sql`update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${ciphertext} ${keyId} where ${where}`.execute(
      trx,
    );
  }
  return rows;
}

async function remaining(services: Services): Promise<number> {
  let count = 0;
  for (const c of ENCRYPTED) {
    const { rows } = await sql<{ n: string | number }>`
      select count(*) as n from ${sql.table(c.table)} where ${notCurrent(services, c)}`.execute(services.db);
    count += Number(rows[0]!.n);
  }
  return count;
}

/**
 * Re-encrypts everything Sinag encrypts that is not under the current key — case victims' identities and
 * placements, referral victims' identities, original documents, open and finished /ispws reports and their
 * file details — in batches, each its own transaction with its audit entry, so an interrupted rotation
 * resumes where it stopped. Fails, changing nothing more, on a ciphertext whose key is no longer configured.
 */
export async function rotateVault(
  services: Services,
  actor: AuditActor,
  batchSize = 200,
): Promise<{ keyId: string; reEncrypted: number; remaining: number }> {
  const keyId = services.vault.keyId;
  let reEncrypted = 0;
  for (const c of ENCRYPTED) {
    let after: Row | undefined;
    for (;;) {
      const rows = await services.db.transaction().execute(async (trx) => {
        const batch = await reEncryptBatch(services, trx, c, after, batchSize);
        if (batch.length)
          await appendAudit(trx, actor, [
            {
              action: 'vault.rotate',
              entityType: 'vault',
              entityId: keyId,
              details: { table: c.table, count: batch.length },
            },
          ]);
        return batch;
      });
      reEncrypted += rows.length;
      if (rows.length < batchSize) break;
      after = rows.at(-1);
    }
  }
  return { keyId, reEncrypted, remaining: await remaining(services) };
}

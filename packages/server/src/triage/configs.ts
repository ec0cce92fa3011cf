import type { TriageConfig, TriageConfigView } from '@sinag/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import { auditInserts, type AuditActor } from '../audit/log.ts';
import type { Database } from '../db/schema.ts';
import { executeTogether } from '../db/together.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface VersionedConfig {
  version: number;
  config: TriageConfig;
}

const versions = (db: Db) =>
  db
    .selectFrom('triage_configs as c')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .select(['c.version', 'c.config', 'c.created_at', 'u.display_name'])
    .orderBy('c.version', 'desc');

const viewOf = (row: {
  version: number;
  config: unknown;
  created_at: Date;
  display_name: string | null;
}): TriageConfigView => ({
  version: row.version,
  config: row.config as TriageConfig,
  createdBy: row.display_name,
  createdAt: row.created_at.toISOString(),
});

/** The factor table in force: the newest version (the migration seeds version 1). */
export async function currentTriageConfig(db: Db): Promise<VersionedConfig> {
  const row = await db
    .selectFrom('triage_configs')
    .select(['version', 'config'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { version: row.version, config: row.config as TriageConfig };
}

export async function currentTriageConfigView(db: Db): Promise<TriageConfigView> {
  return viewOf(await versions(db).limit(1).executeTakeFirstOrThrow());
}

/** Every version, newest first. */
export async function triageConfigVersions(db: Db): Promise<TriageConfigView[]> {
  return (await versions(db).execute()).map(viewOf);
}

/**
 * Saves a new version and queues every referral not closed to be scored with it, in one transaction with
 * the audit entry (which records the version, not the table: the table is kept here).
 */
export async function saveTriageConfig(
  db: Kysely<Database>,
  by: AuditActor,
  config: TriageConfig,
): Promise<TriageConfigView> {
  const version = await db.transaction().execute(async (trx) => {
    const { version } = await trx
      .insertInto('triage_configs')
      .values({ config: JSON.stringify(config), created_by: by.userId })
      .returning('version')
      .executeTakeFirstOrThrow();
    await executeTogether(
      trx,
      auditInserts(trx, by, [
        { action: 'triage.config.save', entityType: 'triage-config', entityId: String(version) },
      ]),
      sql`insert into triage_queue (referral_id) select id from referrals where status <> 'closed'
          on conflict do nothing`,
    );
    return version;
  });
  return viewOf(await versions(db).where('c.version', '=', version).executeTakeFirstOrThrow());
}

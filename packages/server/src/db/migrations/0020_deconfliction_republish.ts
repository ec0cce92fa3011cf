import { sql, type Kysely } from 'kysely';

/**
 * Organisations whose deconfliction publication no longer matches their open cases (a case opened, closed,
 * reopened or given more referrals): a background loop publishes them again with their stored contact.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table deconfliction_stale (
      organisation_id uuid primary key references organisations(id) on delete cascade,
      marked_at timestamptz not null default now()
    );
  `.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * Working the queue: who a referral is assigned to, and why it was closed. Closing never deletes anything;
 * a closed referral can be reopened.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table referrals
      add column assigned_to uuid references users(id),
      add column assigned_at timestamptz,
      add column closed_reason text,
      add column closed_at timestamptz,
      add column closed_by uuid references users(id),
      add column closed_note text;
    create index referrals_assigned on referrals (organisation_id, assigned_to, band, due_at, received_at desc, id);
  `.execute(db);
}

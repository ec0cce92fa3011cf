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
    -- The queue's other filters, each in queue order (its first page and its capped count read one index);
    -- review flags are rare: found by the GIN index, then sorted.
    create index referrals_platform on referrals (organisation_id, reporter_name, band, due_at, received_at desc, id);
    create index referrals_source on referrals (organisation_id, source, band, due_at, received_at desc, id);
    create index referrals_incident_type on referrals
      (organisation_id, incident_type, band, due_at, received_at desc, id);
    create index referrals_status on referrals (organisation_id, status, band, due_at, received_at desc, id);
    create index referrals_flags on referrals using gin (priority_flags jsonb_path_ops);
    -- The queue's search box looks identifiers up by value, and keyed ones ("service:name") by name alone.
    drop index referral_identifiers_value;
    create index referral_identifiers_value on referral_identifiers (value);
    create index referral_identifiers_name on referral_identifiers ((substr(value, strpos(value, ':') + 1)));
  `.execute(db);
}

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Db } from '../src/db/database.ts';
import { DATABASE_KINDS, openDatabaseMigratedTo } from './helpers.ts';

/** Referrals stored before migration 0025 get their reported persons' name keys. */
describe.each(DATABASE_KINDS)('migration 0025 on existing referrals (%s)', (kind) => {
  let database: Db;

  beforeAll(async () => {
    database = await openDatabaseMigratedTo(kind, '0024_finance_party_btree_indexes');
  });
  afterAll(() => database.close());

  it('fills in the name keys of every referral, with each person’s country or else the referral’s', async () => {
    const db = database.db;
    await sql`insert into organisations (name, kind) values ('Old centre', 'national-center')`.execute(db);
    const people = [
      { location: { country: 'PH' }, reportedPersons: [{ name: 'SANTOS, María' }, { name: 'Anon' }] },
      { reportedPersons: [{ name: 'John Miller', location: { country: 'US' } }] },
      { reportedPersons: [] },
    ];
    await sql`
      insert into referrals (organisation_id, source, received_at, incident_type, reporter_name, identifier_count,
        file_count, priority_score, priority_band, priority_factors, priority_flags, triage_config_version, data)
      select o.id, 'manual', now(), 'other', 'Old', 0, 0, 0, 'P4', '[]', '[]', 1, d
      from organisations o, unnest(${people.map((p) => JSON.stringify(p))}::jsonb[]) d`.execute(db);
    await migrateToLatest(db);
    const rows = await db
      .selectFrom('referral_person_names')
      .select('name_key')
      .orderBy('name_key')
      .execute();
    expect(rows.map((r) => r.name_key)).toEqual(['PH:maria santos', 'US:john miller']);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Db } from '../src/db/database.ts';
import { DATABASE_KINDS, openDatabaseMigratedTo } from './helpers.ts';

/** Referrals scored before migration 0009 keep a valid band and are queued to be scored with the factor table. */
describe.each(DATABASE_KINDS)('migration 0009 on existing referrals (%s)', (kind) => {
  let database: Db;

  beforeAll(async () => {
    database = await openDatabaseMigratedTo(kind, '0008_file_matches');
  });
  afterAll(() => database.close());

  it('maps the old levels onto bands, sets the clocks and queues every referral', async () => {
    const db = database.db;
    await sql`insert into organisations (name, kind) values ('Old centre', 'national-center')`.execute(db);
    await sql`
      insert into referrals (organisation_id, source, received_at, incident_type, priority, priority_score,
        priority_reasons, reporter_name, identifier_count, file_count, data)
      select o.id, 'manual', '2026-01-01T00:00:00Z', 'other', level, score, '[]', 'Old', 0, 0, '{}'
      from organisations o, (values ('immediate', 140), ('high', 45), ('medium', 20), ('low', 0)) v(level, score)`.execute(
      db,
    );
    await migrateToLatest(db);

    const rows = await db
      .selectFrom('referrals')
      .select([
        'priority_band',
        'band',
        'priority_score',
        'priority_factors',
        'triage_config_version',
        'due_at',
      ])
      .orderBy('priority_band')
      .execute();
    expect(
      rows.map((r) => [r.priority_band, r.band, r.priority_score, r.due_at?.toISOString() ?? null]),
    ).toEqual([
      ['P1', 'P1', 100, '2026-01-02T00:00:00.000Z'],
      ['P2', 'P2', 45, '2026-01-04T00:00:00.000Z'],
      ['P3', 'P3', 20, '2026-01-11T00:00:00.000Z'],
      ['P4', 'P4', 0, null],
    ]);
    expect(rows.every((r) => r.triage_config_version === 1 && Array.isArray(r.priority_factors))).toBe(true);
    const queued = await db.selectFrom('triage_queue').select('referral_id').execute();
    expect(queued).toHaveLength(4);
  });
});

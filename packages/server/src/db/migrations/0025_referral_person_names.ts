import { personNameKeys } from '@sinag/core';
import { sql, type Kysely } from 'kysely';

/** Referrals read per step of the backfill. */
const STEP = 5000;

/**
 * The name keys of referrals' reported persons (name and country, as payment parties are compared), indexed.
 * Screening looked names up by reading every reported person of every referral of the organisation at the
 * start of each run, and every phone, email and account too: a cost that grew with all the referrals ever
 * received (about 2 s at 100,000 referrals), paid by each import however small. With this table it asks
 * for the names of the payments it screens only. Existing referrals are filled in here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table referral_person_names (
      referral_id uuid not null references referrals(id) on delete cascade,
      name_key text collate "C" not null,
      primary key (referral_id, name_key)
    );
    create index referral_person_names_key on referral_person_names (name_key);
  `.execute(db);
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const { rows } = await sql<{ id: string; data: Parameters<typeof personNameKeys>[0] }>`
      select id, jsonb_build_object('reportedPersons', data->'reportedPersons', 'location', data->'location') as data
      from referrals where id > ${after}::uuid order by id limit ${STEP}`.execute(db);
    if (!rows.length) return;
    after = rows.at(-1)!.id;
    const named = rows.flatMap((r) => personNameKeys(r.data).map((key) => ({ id: r.id, key })));
    if (named.length)
      await sql`
        insert into referral_person_names (referral_id, name_key)
        select * from unnest(${named.map((n) => n.id)}::uuid[], ${named.map((n) => n.key)}::text[])`.execute(
        db,
      );
  }
}

import { sql, type Kysely } from 'kysely';

/**
 * Reference numbers keep growing past their padding: `lpad` cuts a longer number down to the width, so the
 * 10,000,000th referral would have been given R-1000000's reference again (and the 100,000th case of a year
 * C-YYYY-10000's). Numbers are padded to at least the width and never cut.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function padded_number(n bigint, width integer) returns text
      language sql immutable
      as $$ select lpad(n::text, greatest(width, length(n::text)), '0') $$;
    alter table referrals
      alter column reference set default ('R-' || padded_number(nextval('referral_number'), 7));
    alter table cases alter column reference
      set default ('C-' || to_char(now(), 'YYYY') || '-' || padded_number(nextval('case_number'), 5));
    alter table case_victims alter column pseudonym
      set default ('V-' || to_char(now(), 'YYYY') || '-' || padded_number(nextval('victim_number'), 6));
  `.execute(db);
}

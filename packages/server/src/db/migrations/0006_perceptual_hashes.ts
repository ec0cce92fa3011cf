import { sql, type Kysely } from 'kysely';

/**
 * An uploaded image's PDQ hash, its quality, and the hashes of its 8 rotations and flips (computed from the
 * bytes before they are let go; a match index is queried with all 8, and they cannot be derived later).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table ispws_files
      add column pdq text,
      add column pdq_quality smallint,
      add column pdq_dihedral text[];
    alter table referral_files
      add column pdq_quality smallint,
      add column pdq_dihedral text[];
  `.execute(db);
}

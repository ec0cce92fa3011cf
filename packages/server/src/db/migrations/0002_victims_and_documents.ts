import { sql, type Kysely } from 'kysely';

/**
 * Children named in referrals: a pseudonym and coarse facts in the clear, the identity encrypted.
 * Original documents (which can name a child) are kept encrypted too, with their hash for exactly-once intake.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table referral_victims (
      referral_id uuid not null references referrals(id) on delete cascade,
      victim_index integer not null,
      pseudonym text not null unique,
      age_years integer,
      age_estimate text,
      sex text,
      country text,
      region text,
      identity_ciphertext text,
      primary key (referral_id, victim_index)
    );

    create table referral_documents (
      referral_id uuid not null references referrals(id) on delete cascade,
      document_index integer not null,
      kind text not null,
      media_type text not null,
      sha256 text not null,
      content_ciphertext text not null,
      received_at timestamptz not null default now(),
      primary key (referral_id, document_index)
    );
    create unique index referral_documents_once on referral_documents (kind, sha256) where document_index = 0;
  `.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * The public "report a concern" form: follow-up codes (only their SHA-256), the form's submission tokens
 * (hashed; a retried submission finds the referral it created) and notes added to a referral after intake.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table public_report_codes (
      code_hash text primary key,
      referral_id uuid not null references referrals(id) on delete cascade,
      created_at timestamptz not null default now()
    );
    create index public_report_codes_referral on public_report_codes (referral_id);

    create table public_submissions (
      token_hash text primary key,
      kind text not null,
      referral_id uuid not null references referrals(id) on delete cascade,
      created_at timestamptz not null default now()
    );

    create table referral_notes (
      id uuid primary key default gen_random_uuid(),
      referral_id uuid not null references referrals(id) on delete cascade,
      created_at timestamptz not null default now(),
      source text not null,
      text text not null
    );
    create index referral_notes_referral on referral_notes (referral_id, created_at);
  `.execute(db);
}

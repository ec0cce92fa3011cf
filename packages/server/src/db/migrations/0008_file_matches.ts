import { sql, type Kysely } from 'kysely';

/**
 * What each referral file matched in its organisation's hash sets, and the queue of referrals waiting to be
 * matched (a new referral with files, or all of an organisation's when its sets change). A referral that is
 * not queued has been matched: its files' rows here are what they matched (none: in no list).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table referral_file_matches (
      referral_id uuid not null,
      file_index integer not null,
      hash_set_id uuid not null references hash_sets(id) on delete cascade,
      entry_id bigint not null,
      algorithm text not null check (algorithm in ('md5', 'sha1', 'sha256', 'pdq')),
      distance smallint,
      primary key (referral_id, file_index, hash_set_id, entry_id, algorithm),
      foreign key (referral_id, file_index) references referral_files(referral_id, file_index) on delete cascade
    );
    create index referral_file_matches_set on referral_file_matches (hash_set_id);

    create table match_queue (
      referral_id uuid primary key references referrals(id) on delete cascade,
      queued_at timestamptz not null default now()
    );
    create index match_queue_order on match_queue (queued_at);
    -- Referrals stored before matching existed wait their turn like new ones.
    insert into match_queue (referral_id) select id from referrals where file_count > 0;

    -- What an organisation's enabled sets were when its referrals were last queued for matching.
    create table match_state (
      organisation_id uuid primary key references organisations(id) on delete cascade,
      sets_fingerprint text not null
    );
  `.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * Financial intelligence: payments imported from banks, remitters and e-wallets (unique per organisation,
 * source and transaction id, so a file imported twice adds nothing), the screening configuration's versions,
 * and the alerts screening raises on a party, with the payments behind them, their links to referrals and
 * cases, and what analysts did with them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table finance_sources (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      name text not null,
      created_at timestamptz not null default now(),
      unique (organisation_id, name)
    );

    create table finance_imports (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      source_id uuid not null references finance_sources(id),
      format text not null,
      status text not null default 'running',
      rows integer not null default 0,
      imported integer not null default 0,
      already_present integer not null default 0,
      rejected integer not null default 0,
      rejected_rows jsonb not null default '[]',
      created_by uuid references users(id),
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );

    -- Millions of rows arrive in bulk: no foreign keys (each costs a lookup per row), and the key leads with
    -- the transaction id so screening can find a payment by the id alone.
    create table finance_transactions (
      organisation_id uuid not null,
      transaction_id text not null,
      source_id uuid not null,
      at timestamptz not null,
      utc_offset_minutes smallint not null,
      amount numeric not null,
      currency text not null,
      channel text not null,
      reference text,
      sender_id text not null,
      sender_name text,
      sender_country text,
      sender_phone text,
      sender_email text,
      sender_birth_year smallint,
      sender_sex text,
      receiver_id text not null,
      receiver_name text,
      receiver_country text,
      receiver_phone text,
      receiver_account text,
      import_id uuid not null,
      primary key (organisation_id, transaction_id, source_id)
    );
    -- Screening reads payments back in this order, a page at a time from the last one read.
    create index finance_transactions_at on finance_transactions (organisation_id, at, transaction_id, source_id);
    create index finance_transactions_sender on finance_transactions (organisation_id, sender_id, at);
    create index finance_transactions_receiver on finance_transactions (organisation_id, receiver_id, at);

    create table finance_screening_configs (
      organisation_id uuid not null references organisations(id),
      version integer not null,
      config jsonb not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      primary key (organisation_id, version)
    );

    create table finance_alerts (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      party_role text not null,
      party_id text not null,
      typology text not null,
      party_name text,
      party_country text,
      counterparty_countries text[] not null default '{}',
      score smallint not null,
      status text not null default 'open',
      indicators jsonb not null,
      config_version integer not null,
      -- The score when it was dismissed: it opens again only if the score rises well above it.
      dismissed_score smallint,
      referral_id uuid references referrals(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, party_role, party_id, typology)
    );
    create index finance_alerts_score on finance_alerts (organisation_id, score desc, id);

    create table finance_alert_transactions (
      alert_id uuid not null references finance_alerts(id) on delete cascade,
      transaction_id text not null,
      source_id uuid not null,
      primary key (alert_id, transaction_id, source_id)
    );

    create table finance_alert_links (
      alert_id uuid not null references finance_alerts(id) on delete cascade,
      referral_id uuid references referrals(id) on delete cascade,
      case_id uuid references cases(id) on delete cascade,
      matched_by text not null,
      strength text not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      check ((referral_id is null) <> (case_id is null))
    );
    create unique index finance_alert_links_referral on finance_alert_links (referral_id, alert_id)
      where referral_id is not null;
    create unique index finance_alert_links_case on finance_alert_links (case_id, alert_id)
      where case_id is not null;
    create index finance_alert_links_alert on finance_alert_links (alert_id);

    create table finance_alert_actions (
      id bigint generated always as identity primary key,
      alert_id uuid not null references finance_alerts(id) on delete cascade,
      action text not null,
      reason text,
      actor_id uuid references users(id),
      actor_name text,
      at timestamptz not null default now(),
      detail jsonb
    );
    create index finance_alert_actions_alert on finance_alert_actions (alert_id, at);
  `.execute(db);
}

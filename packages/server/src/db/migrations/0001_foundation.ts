import { sql, type Kysely } from 'kysely';

/** Organisations, users, sessions, tokens, referrals, cases, the audit chain and settings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      kind text not null,
      created_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      username text not null unique,
      display_name text not null,
      role text not null,
      password_hash text not null,
      is_active boolean not null default true,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text
    );
    create index sessions_user on sessions (user_id);

    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      prefix text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create sequence referral_number;
    create table referrals (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique default ('R-' || lpad(nextval('referral_number')::text, 7, '0')),
      organisation_id uuid not null references organisations(id),
      source text not null,
      status text not null default 'new',
      received_at timestamptz not null,
      incident_type text not null,
      incident_at timestamptz,
      priority text not null,
      priority_score integer not null,
      priority_reasons jsonb not null,
      country text,
      region text,
      reporter_name text not null,
      identifier_count integer not null,
      file_count integer not null,
      data jsonb not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index referrals_queue on referrals (organisation_id, priority_score desc, received_at desc);
    create index referrals_received on referrals (organisation_id, received_at desc);

    create table referral_external_ids (
      referral_id uuid not null references referrals(id) on delete cascade,
      system text not null,
      external_id text not null,
      primary key (referral_id, system, external_id)
    );
    create index referral_external_ids_value on referral_external_ids (external_id);

    create table referral_identifiers (
      referral_id uuid not null references referrals(id) on delete cascade,
      person_index integer not null,
      person_role text not null,
      kind text not null,
      value text not null,
      service text,
      observed_at timestamptz
    );
    create index referral_identifiers_value on referral_identifiers (kind, value);
    create index referral_identifiers_referral on referral_identifiers (referral_id);

    create table referral_files (
      referral_id uuid not null references referrals(id) on delete cascade,
      file_index integer not null,
      name text,
      md5 text,
      sha1 text,
      sha256 text,
      pdq text,
      size_bytes bigint,
      viewed_by_esp boolean,
      publicly_available boolean,
      primary key (referral_id, file_index)
    );

    create table idempotency_keys (
      user_id uuid not null references users(id) on delete cascade,
      key text not null,
      request_hash text not null,
      resource_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    );

    create sequence case_number;
    create table cases (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique
        default ('C-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('case_number')::text, 5, '0')),
      organisation_id uuid not null references organisations(id),
      title text not null,
      status text not null default 'open',
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index cases_org on cases (organisation_id, created_at desc);

    create table case_referrals (
      case_id uuid not null references cases(id) on delete cascade,
      referral_id uuid not null references referrals(id),
      added_by uuid references users(id),
      added_at timestamptz not null default now(),
      primary key (case_id, referral_id)
    );
    create index case_referrals_referral on case_referrals (referral_id);

    create table audit_log (
      seq bigint primary key,
      at timestamptz not null,
      actor_user_id uuid,
      actor_name text not null,
      actor_org_id uuid,
      action text not null,
      entity_type text not null,
      entity_id text,
      ip text,
      details jsonb not null,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_entity on audit_log (entity_type, entity_id);

    -- The newest entry's number and hash: appends lock this row, and verification checks that the
    -- chain ends where the head says, so removing the newest entries is detected too.
    create table audit_head (
      id integer primary key check (id = 1),
      seq bigint not null,
      hash text not null
    );
    insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));

    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only';
    end;
    $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_is_append_only();

    create table settings (
      key text primary key,
      value jsonb not null
    );
  `.execute(db);
}

import { DEFAULT_TRIAGE_CONFIG } from '@sinag/core';
import { sql, type Kysely } from 'kysely';

/**
 * Explainable triage: versioned factor tables (version 1 is the default), each referral's band, score,
 * factors and review flags with the version that scored it, an analyst's override, and the response clock
 * (`due_at`). Referrals scored before this are mapped onto bands and queued to be scored again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table triage_configs (
      version serial primary key,
      config jsonb not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    insert into triage_configs (config) values (${sql.lit(JSON.stringify(DEFAULT_TRIAGE_CONFIG))}::jsonb);

    alter table referrals
      add column priority_band text check (priority_band in ('P1', 'P2', 'P3', 'P4')),
      add column priority_factors jsonb not null default '[]',
      add column priority_flags jsonb not null default '[]',
      add column triage_config_version integer references triage_configs(version),
      add column override_band text check (override_band in ('P1', 'P2', 'P3', 'P4')),
      add column override_reason text,
      add column override_by uuid references users(id),
      add column override_at timestamptz,
      add column due_at timestamptz,
      add constraint referrals_override_whole check (
        (override_band is null) = (override_reason is null) and (override_band is null) = (override_at is null));
    update referrals set
      priority_band = case priority when 'immediate' then 'P1' when 'high' then 'P2' when 'medium' then 'P3' else 'P4' end,
      priority_score = least(priority_score, 100),
      triage_config_version = 1;
    alter table referrals
      alter column priority_band set not null,
      alter column triage_config_version set not null,
      alter column priority_factors drop default,
      alter column priority_flags drop default,
      drop column priority,
      drop column priority_reasons,
      -- The band that counts, for the queue's filter and sort.
      add column band text generated always as (coalesce(override_band, priority_band)) stored;

    -- The clock runs from receipt for the target of the band that counts, as the scoring version set it;
    -- a trigger keeps it right whoever changes the band (scoring, re-scoring, an override).
    create function referral_due_at() returns trigger language plpgsql as $$
    begin
      new.due_at := new.received_at + make_interval(hours => (
        select (config -> 'targetHours' ->> coalesce(new.override_band, new.priority_band))::int
        from triage_configs where version = new.triage_config_version));
      return new;
    end $$;
    create trigger referrals_due_at
      before insert or update of priority_band, override_band, triage_config_version, received_at on referrals
      for each row execute function referral_due_at();
    update referrals set triage_config_version = triage_config_version;

    drop index referrals_queue;
    -- The queue's default order: the most urgent band, the least time left, the newest.
    create index referrals_queue on referrals (organisation_id, band, due_at, received_at desc, id);
    create index referrals_overdue on referrals (organisation_id, due_at) where status in ('new', 'in-review');

    -- Referrals waiting to be scored again because a fact changed (a hash match, a link, a new version).
    create table triage_queue (
      referral_id uuid primary key references referrals(id) on delete cascade,
      queued_at timestamptz not null default now()
    );
    create index triage_queue_order on triage_queue (queued_at);
    insert into triage_queue (referral_id) select id from referrals;
  `.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * The spine every part of a case hangs on: its stage in the lifecycle, its template, lead, team and
 * classification, and a timeline of every event. Stages replace the earlier statuses ('open' was intake,
 * 'legal-process' part of the investigation).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update cases set status = 'intake' where status = 'open';
    update cases set status = 'investigation' where status = 'legal-process';
    alter table cases
      alter column status set default 'intake',
      add column template text not null default 'livestream-for-pay',
      add column classification text not null default 'AMBER',
      add column lead_id uuid references users(id),
      add column closed_at timestamptz,
      add column closed_reason text;
    create index cases_org_status on cases (organisation_id, status, created_at desc);

    create table case_team (
      case_id uuid not null references cases(id) on delete cascade,
      user_id uuid not null references users(id),
      role_on_case text not null default 'member',
      added_at timestamptz not null default now(),
      primary key (case_id, user_id)
    );
    create index case_team_user on case_team (user_id);

    -- Every event of a case, newest read first. Append-only: corrections are new events.
    create table case_events (
      id bigint generated always as identity primary key,
      case_id uuid not null references cases(id) on delete cascade,
      at timestamptz not null default now(),
      actor_id uuid references users(id),
      actor_name text not null,
      kind text not null,
      summary text not null,
      detail jsonb
    );
    create index case_events_case on case_events (case_id, at desc, id desc);
    create function case_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'case_events is append-only'; end $$;
    create trigger case_events_append_only before update or delete on case_events
      for each row execute function case_events_append_only();
  `.execute(db);
}

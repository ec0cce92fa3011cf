import { sql, type Kysely } from 'kysely';

/**
 * Working a case: the stage a closed case is reopened at, tasks with fields that must be filled, and the
 * legal process with its clocks (preservation requests, cybercrime warrants, requests to platforms and
 * remitters). The partial indexes on due times serve the deadlines view: only what is still pending is in them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases add column closed_from text;
    create index cases_org_template on cases (organisation_id, template, created_at desc);
    create index cases_lead on cases (lead_id, created_at desc);

    create table case_tasks (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      title text not null,
      assignee_id uuid references users(id),
      due_at timestamptz,
      status text not null default 'open',
      fields jsonb not null default '[]',
      field_values jsonb not null default '{}',
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      completed_by uuid references users(id)
    );
    create index case_tasks_case on case_tasks (case_id, created_at);
    create index case_tasks_open_due on case_tasks (due_at) where status = 'open';
    create index case_tasks_assignee on case_tasks (assignee_id, due_at) where status = 'open';

    create table case_preservations (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      recipient text not null,
      jurisdiction text not null,
      reference text,
      sent_at timestamptz not null,
      cybertip_reported_at timestamptz,
      expires_at timestamptz not null,
      extensions integer not null default 0,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index case_preservations_case on case_preservations (case_id, expires_at);
    create index case_preservations_expiry on case_preservations (expires_at);

    create table case_warrants (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      type text not null,
      court text not null,
      number text not null,
      issued_at timestamptz not null,
      served_at timestamptz,
      return_due_at timestamptz,
      returned_at timestamptz,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index case_warrants_case on case_warrants (case_id, issued_at);
    create index case_warrants_due on case_warrants (return_due_at) where returned_at is null;

    create table case_legal_requests (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      kind text not null,
      recipient text not null,
      reference text,
      sent_at timestamptz not null,
      due_at timestamptz not null,
      answered_at timestamptz,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index case_legal_requests_case on case_legal_requests (case_id, sent_at);
    create index case_legal_requests_due on case_legal_requests (due_at) where answered_at is null;
  `.execute(db);
}

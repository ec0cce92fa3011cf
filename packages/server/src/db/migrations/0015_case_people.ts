import { sql, type Kysely } from 'kysely';

/**
 * The people of a case: subjects (suspects) with their identifiers, versioned risk assessments and arrest; victims
 * by pseudonym, whose identity lives only in the encrypted identity vault; how each victim is related to each
 * subject; consent records; rescue operations (team only); and aftercare (social workers only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table case_subjects (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      label text not null,
      nationality text,
      notes text,
      risk_level text,
      arrested_on date,
      arrest_region text,
      arrest_city text,
      arrest_agency text,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index case_subjects_case on case_subjects (case_id, created_at);

    -- Normalised as referral identifiers are, so a subject links back to the referrals that named it.
    create table case_subject_identifiers (
      subject_id uuid not null references case_subjects(id) on delete cascade,
      kind text not null,
      value text not null,
      referral_id uuid references referrals(id),
      primary key (subject_id, kind, value)
    );
    create index case_subject_identifiers_value on case_subject_identifiers (value);

    -- Every assessment is kept; the subject's risk_level is the newest one's.
    create table subject_risk_assessments (
      subject_id uuid not null references case_subjects(id) on delete cascade,
      version integer not null,
      questionnaire text not null,
      answers jsonb not null,
      section_scores jsonb not null,
      level text not null,
      assessed_by uuid references users(id),
      assessed_at timestamptz not null default now(),
      primary key (subject_id, version)
    );

    create sequence victim_number;
    create table case_victims (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      pseudonym text not null unique
        default ('V-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('victim_number')::text, 6, '0')),
      age_band text,
      sex text,
      referral_pseudonym text references referral_victims(pseudonym),
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index case_victims_case on case_victims (case_id, created_at);

    create table victim_subject_relations (
      victim_id uuid not null references case_victims(id) on delete cascade,
      subject_id uuid not null references case_subjects(id) on delete cascade,
      relationship text not null,
      is_guardian boolean not null default false,
      primary key (victim_id, subject_id)
    );
    create index victim_subject_relations_subject on victim_subject_relations (subject_id);

    -- The identity vault: name, birth date, address, contact and document-photo references, AES-256-GCM under
    -- the key named by key_id (so a rotation can find what is still under an old key).
    create table victim_identities (
      victim_id uuid primary key references case_victims(id) on delete cascade,
      key_id text not null,
      ciphertext text not null,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now()
    );
    create index victim_identities_key on victim_identities (key_id);

    -- Withdrawal is recorded on the row, never by deleting it.
    create table consent_records (
      id uuid primary key default gen_random_uuid(),
      victim_id uuid not null references case_victims(id) on delete cascade,
      purpose text not null,
      given_by text not null,
      granted boolean not null,
      given_on date not null,
      note text,
      recorded_by uuid references users(id),
      recorded_at timestamptz not null default now(),
      withdrawn_on date,
      withdrawn_by uuid references users(id),
      withdrawal_note text
    );
    create index consent_records_victim on consent_records (victim_id, recorded_at);

    create table case_operations (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      name text not null,
      planned_for date not null,
      region text not null,
      city text,
      partner_agencies jsonb not null default '[]',
      status text not null default 'planned',
      planned_by uuid references users(id),
      created_at timestamptz not null default now(),
      approved_by uuid references users(id),
      approved_at timestamptz,
      carried_out_on date,
      evidence_seized text,
      outcome_by uuid references users(id),
      outcome_at timestamptz
    );
    create index case_operations_case on case_operations (case_id, planned_for);

    -- role 'team' or 'social-worker'
    create table operation_staff (
      operation_id uuid not null references case_operations(id) on delete cascade,
      user_id uuid not null references users(id),
      role text not null,
      primary key (operation_id, user_id, role)
    );
    create table operation_safeguarded (
      operation_id uuid not null references case_operations(id) on delete cascade,
      victim_id uuid not null references case_victims(id),
      primary key (operation_id, victim_id)
    );
    create table operation_arrests (
      operation_id uuid not null references case_operations(id) on delete cascade,
      subject_id uuid not null references case_subjects(id),
      primary key (operation_id, subject_id)
    );

    -- Aftercare, per victim: stages of the case-management protocol as a history, placements (details in the
    -- vault, the kind and dates in the clear), services delivered, and the reintegration date.
    create table aftercare_stages (
      id bigint generated always as identity primary key,
      victim_id uuid not null references case_victims(id) on delete cascade,
      stage text not null,
      entered_on date not null,
      note text,
      recorded_by uuid references users(id),
      recorded_at timestamptz not null default now()
    );
    create index aftercare_stages_victim on aftercare_stages (victim_id, id);

    create table aftercare_placements (
      id uuid primary key default gen_random_uuid(),
      victim_id uuid not null references case_victims(id) on delete cascade,
      kind text not null,
      placed_on date not null,
      ended_on date,
      key_id text not null,
      details_ciphertext text not null,
      -- Why the placement needs a second look (a relative of the child is a subject); a subject is refused.
      conflict_flag text,
      recorded_by uuid references users(id),
      recorded_at timestamptz not null default now()
    );
    create index aftercare_placements_victim on aftercare_placements (victim_id, placed_on);
    create index aftercare_placements_key on aftercare_placements (key_id);

    create table aftercare_services (
      id uuid primary key default gen_random_uuid(),
      victim_id uuid not null references case_victims(id) on delete cascade,
      service text not null,
      delivered_on date not null,
      provider text,
      note text,
      recorded_by uuid references users(id),
      recorded_at timestamptz not null default now()
    );
    create index aftercare_services_victim on aftercare_services (victim_id, delivered_on);

    create table aftercare_reintegration (
      victim_id uuid primary key references case_victims(id) on delete cascade,
      reintegrated_on date not null,
      recorded_by uuid references users(id),
      recorded_at timestamptz not null default now()
    );
  `.execute(db);
}

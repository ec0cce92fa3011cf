import { sql, type Kysely } from 'kysely';

/**
 * Evidence references and their hash-chained custody logs, the statute catalogue and prosecution (charges per
 * accused, hearings, pleas, verdicts, the disclosure-interview flag), and sharing cases with other
 * organisations. Date-only fields are ISO text (YYYY-MM-DD), so both drivers read them back unchanged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- References to material held in the agency's forensic systems; the material itself never comes here.
    create table evidence_items (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      label text not null,
      description text not null,
      md5 text,
      sha1 text,
      sha256 text,
      held_system text not null,
      held_location text not null,
      held_reference text not null,
      restricted boolean not null default false,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      -- The custody chain's head: removing the newest entries leaves it pointing past the end.
      custody_entries integer not null default 0,
      custody_head text not null,
      check (md5 is not null or sha1 is not null or sha256 is not null),
      unique (case_id, label)
    );
    create index evidence_items_case on evidence_items (case_id, created_at);

    create table custody_entries (
      evidence_id uuid not null references evidence_items(id) on delete cascade,
      position integer not null,
      from_party text not null,
      to_party text not null,
      at timestamptz not null,
      reason text not null,
      recorded_by uuid references users(id),
      recorded_at timestamptz not null,
      prev_hash text not null,
      hash text not null,
      primary key (evidence_id, position)
    );
    create function custody_entries_append_only() returns trigger language plpgsql as $$
      begin raise exception 'custody_entries is append-only'; end $$;
    create trigger custody_entries_append_only before update or delete on custody_entries
      for each row execute function custody_entries_append_only();

    -- The offences charges are brought under: reference data admins keep, never statute text.
    create table statutes (
      id uuid primary key default gen_random_uuid(),
      jurisdiction text not null,
      code text not null,
      section text not null default '',
      title text not null,
      note text,
      active boolean not null default true,
      updated_at timestamptz not null default now(),
      unique (jurisdiction, code, section)
    );
    insert into statutes (jurisdiction, code, section, title, note) values
      ('PH', 'RA 11930', '', 'Anti-Online Sexual Abuse or Exploitation of Children (OSAEC) and Anti-Child Sexual Abuse or Exploitation Materials (CSAEM) Act', null),
      ('PH', 'RA 9208', 'Sec. 4', 'Acts of trafficking in persons', 'Anti-Trafficking in Persons Act of 2003, as amended by RA 10364 and RA 11862'),
      ('PH', 'RA 9208', 'Sec. 6', 'Qualified trafficking in persons', 'As amended by RA 10364 and RA 11862; qualified among others when the offender is a parent, ascendant, sibling, guardian or relative of the victim'),
      ('PH', 'RA 9775', '', 'Anti-Child Pornography Act of 2009', null),
      ('PH', 'RA 7610', '', 'Special Protection of Children Against Abuse, Exploitation and Discrimination Act', null),
      ('PH', 'RA 10175', '', 'Cybercrime Prevention Act of 2012', null),
      ('GB', 'Sexual Offences Act 2003', 's.47', 'Paying for the sexual services of a child', null),
      ('GB', 'Sexual Offences Act 2003', 's.48', 'Causing or inciting sexual exploitation of a child', null),
      ('GB', 'Sexual Offences Act 2003', 's.72', 'Offences outside the United Kingdom', null),
      ('US', '18 U.S.C.', '§ 2251', 'Sexual exploitation of children', null),
      ('US', '18 U.S.C.', '§ 2252', 'Certain activities relating to material involving the sexual exploitation of minors', null),
      ('US', '18 U.S.C.', '§ 2422', 'Coercion and enticement', null);

    create table case_prosecutions (
      case_id uuid primary key references cases(id) on delete cascade,
      court text not null,
      court_case_number text not null,
      updated_at timestamptz not null default now()
    );

    create table case_charges (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      subject_id uuid not null references case_subjects(id) on delete cascade,
      statute_id uuid not null references statutes(id),
      counts integer not null default 1,
      verdict text,
      verdict_on text,
      sentence text,
      appeal_status text,
      appeal_filed_on text,
      appeal_outcome text,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      unique (subject_id, statute_id)
    );
    create index case_charges_case on case_charges (case_id, created_at);

    create table case_hearings (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      at timestamptz not null,
      kind text not null,
      outcome text,
      created_by uuid references users(id),
      unique (case_id, at, kind)
    );

    create table plea_agreements (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      subject_id uuid not null references case_subjects(id) on delete cascade,
      offered_on text not null,
      summary text not null,
      status text not null,
      created_by uuid references users(id),
      unique (subject_id, offered_on)
    );

    -- One recorded disclosure interview per child: reused in court, never repeated.
    create table disclosure_interviews (
      victim_id uuid primary key references case_victims(id) on delete cascade,
      case_id uuid not null references cases(id) on delete cascade,
      evidence_id uuid not null references evidence_items(id),
      recorded_on text not null,
      recorded_by text not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );

    -- A case shared with, referred to, or transferred to another organisation.
    create table case_shares (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      kind text not null,
      from_organisation_id uuid not null references organisations(id),
      to_organisation_id uuid not null references organisations(id),
      ceiling text not null,
      state text not null default 'requested',
      note text,
      requested_by uuid references users(id),
      requested_at timestamptz not null default now(),
      decided_by uuid references users(id),
      decided_at timestamptz,
      revoked_by uuid references users(id),
      revoked_at timestamptz
    );
    -- One live share per case and organisation: the exactly-once key for a repeated request.
    create unique index case_shares_live on case_shares (case_id, to_organisation_id)
      where state in ('requested', 'accepted');
    create index case_shares_to on case_shares (to_organisation_id, state);
  `.execute(db);
}

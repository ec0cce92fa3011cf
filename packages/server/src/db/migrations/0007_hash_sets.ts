import { sql, type Kysely } from 'kysely';

/**
 * Hash sets ("banks") of known material and allow-lists, their entries, import jobs, and the category schemes
 * that give a source's category values a meaning.
 *
 * Entries are stored in chunks, one row per imported batch, hashes as bytes column by column: a row per
 * entry with a unique index over its hashes stored under 100,000 entries/s, a chunk row is written at
 * memory speed. Imports de-duplicate in memory (an entry is identified within its set by its four hashes
 * together) and lookups by hash are done by the in-memory match indexes, so no index per hash is kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table category_schemes (
      id text primary key,
      name text not null,
      description text not null,
      built_in boolean not null default false,
      -- [{value, label, description}]: what each category value of the source means.
      categories jsonb not null,
      created_at timestamptz not null default now()
    );

    create table hash_sets (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      name text not null,
      source text not null,
      scheme_id text not null references category_schemes(id),
      kind text not null check (kind in ('known', 'allow')),
      pdq_threshold smallint not null default 31 check (pdq_threshold between 0 and 64),
      enabled boolean not null default true,
      entry_count bigint not null default 0,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, name)
    );

    -- A set's entries in chunks of up to 20,000, in import order: entry ids first_id … first_id + count - 1.
    create table hash_set_chunks (
      hash_set_id uuid not null references hash_sets(id) on delete cascade,
      first_id bigint not null check (first_id > 0),
      count integer not null check (count > 0),
      -- One byte per entry: which hashes it has (1 MD5, 2 SHA-1, 4 SHA-256, 8 PDQ).
      present bytea not null check (length(present) = count),
      -- count × 16, 20, 32, 32 bytes, zeros where an entry has no such hash; null when none has.
      md5 bytea check (length(md5) = 16 * count),
      sha1 bytea check (length(sha1) = 20 * count),
      sha256 bytea check (length(sha256) = 32 * count),
      pdq bytea check (length(pdq) = 32 * count),
      -- The other fields, one array each with an element per entry, only those some entry has:
      -- {"label": […], "category": […], "victimIdentified": […], "offenderIdentified": […],
      --  "distributed": […], "series": […], "sourceMediaId": […]}. json, not jsonb or arrays: stored as
      -- sent, after a syntax check, and read back whole; only a match's details pick single elements.
      metadata json,
      primary key (hash_set_id, first_id)
    );
    -- Digests do not compress: not trying saves the time.
    alter table hash_set_chunks
      alter column md5 set storage external,
      alter column sha1 set storage external,
      alter column sha256 set storage external,
      alter column pdq set storage external;

    -- The last entry id given out. A row, not a sequence: a chunk takes a range of ids in one update, and
    -- the row stays locked until its transaction commits, so ids become visible in increasing order.
    create table hash_set_entry_ids (
      one boolean primary key default true check (one),
      last_id bigint not null
    );
    insert into hash_set_entry_ids (last_id) values (0);

    create table hash_set_imports (
      id uuid primary key,
      hash_set_id uuid not null references hash_sets(id) on delete cascade,
      format text not null,
      dialect text,
      status text not null check (status in ('running', 'completed', 'failed')),
      processed bigint not null default 0,
      imported bigint not null default 0,
      duplicates bigint not null default 0,
      rejected bigint not null default 0,
      errors jsonb not null default '[]',
      failure text,
      created_by uuid references users(id),
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index hash_set_imports_set on hash_set_imports (hash_set_id, started_at desc);

    insert into category_schemes (id, name, description, built_in, categories) values
    ('unclassified', 'No scheme',
     'Categories are kept exactly as the source gives them, with no meaning attached.', true, '[]'),
    ('project-vic-us', 'Project VIC (US)',
     'The US Project VIC categories used in VICS exports.', true,
     '[{"value":"0","label":"Non-pertinent","description":""},
       {"value":"1","label":"Child abuse material","description":""},
       {"value":"2","label":"Child exploitive (age difficult)","description":""},
       {"value":"3","label":"CGI / animation","description":""},
       {"value":"4","label":"Comparison","description":"Reference images used for comparison"}]'),
    ('dhs', 'DHS (older, 0–5)',
     'The older US DHS scheme. Its labels are not defined here: an administrator sets them from the source''s own documentation; a number alone says nothing about legality.',
     true,
     '[{"value":"0","label":"DHS category 0","description":""},
       {"value":"1","label":"DHS category 1","description":""},
       {"value":"2","label":"DHS category 2","description":""},
       {"value":"3","label":"DHS category 3","description":""},
       {"value":"4","label":"DHS category 4","description":""},
       {"value":"5","label":"DHS category 5","description":""}]'),
    ('uk-caid', 'UK CAID (A/B/C)',
     'The UK Child Abuse Image Database grades, the sentencing categories of the Sentencing Council''s guideline.', true,
     '[{"value":"A","label":"Category A","description":"Most serious sentencing category"},
       {"value":"B","label":"Category B","description":"Middle sentencing category"},
       {"value":"C","label":"Category C","description":"Other indecent images"}]'),
    ('interpol-baseline', 'Interpol ICSE baseline',
     'Whether ICSE marks the material as meeting the Interpol baseline (its Baseline column).', true,
     '[{"value":"baseline","label":"Baseline","description":"Marked as meeting the Interpol baseline"},
       {"value":"not-baseline","label":"Not baseline","description":"Not marked as meeting the Interpol baseline"}]');
  `.execute(db);
}

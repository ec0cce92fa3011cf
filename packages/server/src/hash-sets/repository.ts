import type { HashEntry, HashSetImportJob, HashSetView } from '@sinag/core';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, HashSetImportsTable } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The sets of an organisation (or one of them), with their scheme's name. */
export function selectHashSets(db: Db, organisationId: string) {
  return db
    .selectFrom('hash_sets as s')
    .innerJoin('category_schemes as c', 'c.id', 's.scheme_id')
    .select([
      's.id',
      's.organisation_id',
      's.name',
      's.source',
      's.kind',
      's.pdq_threshold',
      's.enabled',
      's.entry_count',
      's.created_at',
      's.updated_at',
      's.scheme_id',
      'c.name as scheme_name',
      (eb) =>
        eb
          .selectFrom('referral_file_matches as m')
          .select(sql<string>`count(distinct (m.referral_id, m.file_index))`.as('n'))
          .whereRef('m.hash_set_id', '=', 's.id')
          .as('match_count'),
    ])
    .where('s.organisation_id', '=', organisationId);
}

type HashSetRow = Awaited<ReturnType<ReturnType<typeof selectHashSets>['executeTakeFirstOrThrow']>>;

export function toHashSetView(row: HashSetRow): HashSetView {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    scheme: { id: row.scheme_id, name: row.scheme_name },
    kind: row.kind,
    pdqThreshold: row.pdq_threshold,
    enabled: row.enabled,
    entryCount: Number(row.entry_count),
    matchCount: Number(row.match_count ?? 0),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toImportJob(row: Selectable<HashSetImportsTable>): HashSetImportJob {
  return {
    id: row.id,
    hashSetId: row.hash_set_id,
    format: row.format as HashSetImportJob['format'],
    dialect: row.dialect,
    status: row.status,
    processed: Number(row.processed),
    imported: Number(row.imported),
    duplicates: Number(row.duplicates),
    rejected: Number(row.rejected),
    errors: row.errors,
    failure: row.failure,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

type Field = (e: HashEntry) => string | boolean | null;

/** Columns of an entry besides its set, with the SQL type their values are sent as. */
const ENTRY_COLUMNS: readonly (readonly [string, 'text' | 'boolean', Field])[] = [
  ['md5', 'text', (e: HashEntry) => e.md5],
  ['sha1', 'text', (e: HashEntry) => e.sha1],
  ['sha256', 'text', (e: HashEntry) => e.sha256],
  ['pdq', 'text', (e: HashEntry) => e.pdq],
  ['label', 'text', (e: HashEntry) => e.label],
  ['category', 'text', (e: HashEntry) => e.category],
  ['victim_identified', 'boolean', (e: HashEntry) => e.victimIdentified],
  ['offender_identified', 'boolean', (e: HashEntry) => e.offenderIdentified],
  ['distributed', 'boolean', (e: HashEntry) => e.distributed],
  ['series', 'text', (e: HashEntry) => e.series],
  ['source_media_id', 'text', (e: HashEntry) => e.sourceMediaId],
];

const HASH_COLUMNS = new Set(['md5', 'sha1', 'sha256', 'pdq']);

/**
 * Adds a batch of entries in one statement: one array per column, unnested into rows (a column that is
 * empty in the whole batch is left out, so a plain MD5 list sends one array). Entries already in the set
 * are skipped by the unique index; returns how many were added.
 */
export async function insertEntries(db: Db, hashSetId: string, entries: HashEntry[]): Promise<number> {
  if (!entries.length) return 0;
  const columns = ENTRY_COLUMNS.filter(([, , get]) => entries.some((e) => get(e) !== null));
  const names = columns.map(([name]) => sql.id(name));
  const arrays = columns.map(([, type, get]) => sql`cast(${entries.map(get)} as ${sql.raw(type)}[])`);
  const values = columns.map(([name]) =>
    HASH_COLUMNS.has(name) ? sql`decode(${sql.ref(`t.${name}`)}, 'hex')` : sql.ref(`t.${name}`),
  );
  const result = await sql`
    insert into hash_set_entries (hash_set_id, ${sql.join(names)})
    select ${hashSetId}, ${sql.join(values)}
      from unnest(${sql.join(arrays)}) as t(${sql.join(names)})
        on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** An entry as matching loads it: its id and hashes in lower-case hex. */
export interface EntryHashes {
  id: number;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  pdq: string | null;
}

const hex = (column: 'md5' | 'sha1' | 'sha256' | 'pdq') =>
  sql<string | null>`encode(${sql.ref(column)}, 'hex')`.as(column);

/** A page of a set's entries in id order after `afterId`: ids and hashes, as matching loads them. */
export function selectEntryHashes(db: Db, hashSetId: string, afterId: number, limit: number) {
  return db
    .selectFrom('hash_set_entries')
    .select(['id', hex('md5'), hex('sha1'), hex('sha256'), hex('pdq')])
    .where('hash_set_id', '=', hashSetId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit);
}

/** The same page with every field, for export. */
export function selectEntries(db: Db, hashSetId: string, afterId: number, limit: number) {
  return selectEntryHashes(db, hashSetId, afterId, limit).select([
    'label',
    'category',
    'victim_identified',
    'offender_identified',
    'distributed',
    'series',
    'source_media_id',
  ]);
}

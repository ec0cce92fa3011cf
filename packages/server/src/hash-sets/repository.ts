import type { HashSetImportJob, HashSetView } from '@sinag/core';
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

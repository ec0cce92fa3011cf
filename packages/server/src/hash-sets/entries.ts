import { writeVicsJson, type HashEntry, type HashSetKind, type HashSetView } from '@sinag/core';
import { sql } from 'kysely';
import { appendAudit } from '../audit/log.ts';
import type { Services } from '../services.ts';
import type { HashSetActor } from './actor.ts';
import { selectEntries, selectEntryHashes, type EntryHashes } from './repository.ts';
import { findHashSet } from './service.ts';

/** Rows per query when streaming a set: keyset pages on the primary key (set, id). */
const PAGE = 10_000;

/**
 * A set's entries, id and hashes, in id order, page by page; from `afterId` on, only what was added since
 * (ids grow in import order across all sets).
 */
export async function* streamEntryHashes(
  services: Services,
  hashSetId: string,
  { afterId = 0, pageSize = PAGE }: { afterId?: number; pageSize?: number } = {},
): AsyncGenerator<EntryHashes[]> {
  let after = afterId;
  for (;;) {
    const page = await selectEntryHashes(services.db, hashSetId, after, pageSize).execute();
    if (page.length) yield page.map((row) => ({ ...row, id: Number(row.id) }));
    if (page.length < pageSize) return;
    after = Number(page.at(-1)!.id);
  }
}

/** What matching needs of a set besides its entries. */
export interface MatchableSet {
  id: string;
  organisationId: string;
  name: string;
  kind: HashSetKind;
  pdqThreshold: number;
}

/**
 * Every entry of every enabled set (of one organisation, or of all), set after set, for building match
 * indexes: each page comes with its set. Reload on `services.events` `hashSetsChanged`.
 */
export async function* streamEnabledHashSetEntries(
  services: Services,
  options: { organisationId?: string; pageSize?: number } = {},
): AsyncGenerator<{ set: MatchableSet; entries: EntryHashes[] }> {
  let query = services.db
    .selectFrom('hash_sets')
    .select(['id', 'organisation_id', 'name', 'kind', 'pdq_threshold'])
    .where('enabled', '=', true)
    .orderBy('id');
  if (options.organisationId) query = query.where('organisation_id', '=', options.organisationId);
  for (const row of await query.execute()) {
    const set: MatchableSet = {
      id: row.id,
      organisationId: row.organisation_id,
      name: row.name,
      kind: row.kind,
      pdqThreshold: row.pdq_threshold,
    };
    for await (const entries of streamEntryHashes(services, row.id, { pageSize: options.pageSize }))
      yield { set, entries };
  }
}

/** What a match shows of the entry it matched: where it comes from and what its source says about it. */
export interface EntryDetails {
  id: number;
  hashSetId: string;
  label: string | null;
  category: string | null;
  victimIdentified: boolean | null;
  offenderIdentified: boolean | null;
  distributed: boolean | null;
  series: string | null;
  sourceMediaId: string | null;
}

/** The details of entries by set and id (a handful at a time: the ones files matched). */
export async function findEntryDetails(
  services: Services,
  refs: { hashSetId: string; id: number }[],
): Promise<EntryDetails[]> {
  if (!refs.length) return [];
  const keys = refs.map((ref) => sql`(${ref.hashSetId}::uuid, ${ref.id}::bigint)`);
  const rows = await services.db
    .selectFrom('hash_set_entries')
    .select([
      'id',
      'hash_set_id',
      'label',
      'category',
      'victim_identified',
      'offender_identified',
      'distributed',
      'series',
      'source_media_id',
    ])
    .where(sql<boolean>`(hash_set_id, id) in (${sql.join(keys)})`)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    hashSetId: row.hash_set_id,
    label: row.label,
    category: row.category,
    victimIdentified: row.victim_identified,
    offenderIdentified: row.offender_identified,
    distributed: row.distributed,
    series: row.series,
    sourceMediaId: row.source_media_id,
  }));
}

async function* allEntries(services: Services, hashSetId: string): AsyncGenerator<HashEntry[]> {
  let after = 0;
  for (;;) {
    const page = await selectEntries(services.db, hashSetId, after, PAGE).execute();
    yield page.map((row) => ({
      md5: row.md5,
      sha1: row.sha1,
      sha256: row.sha256,
      pdq: row.pdq,
      label: row.label,
      category: row.category,
      victimIdentified: row.victim_identified,
      offenderIdentified: row.offender_identified,
      distributed: row.distributed,
      series: row.series,
      sourceMediaId: row.source_media_id,
    }));
    if (page.length < PAGE) return;
    after = Number(page.at(-1)!.id);
  }
}

/** A set as a VICS 2.0 document, streamed; the export is audited before the first byte goes out. */
export async function exportHashSet(
  services: Services,
  who: HashSetActor,
  hashSetId: string,
): Promise<{ set: HashSetView; document: AsyncGenerator<string> }> {
  const set = await services.db.transaction().execute(async (trx) => {
    const found = await findHashSet(trx, who, hashSetId);
    await appendAudit(trx, who.by, [
      {
        action: 'hashset.export',
        entityType: 'hash-set',
        entityId: hashSetId,
        details: { format: 'vics-2.0', entries: found.entryCount },
      },
    ]);
    return found;
  });
  return { set, document: writeVicsJson(allEntries(services, hashSetId)) };
}

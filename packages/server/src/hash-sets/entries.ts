import { writeVicsJson, type HashEntry, type HashSetKind, type HashSetView } from '@sinag/core';
import { sql } from 'kysely';
import { appendAudit } from '../audit/log.ts';
import type { Services } from '../services.ts';
import type { OrganisationActor } from '../auth/actor.ts';
import { chunkEntries, chunkHolding, hexReaders, readChunks } from './chunks.ts';
import { findHashSet } from './service.ts';

/** Entries per page when streaming a set. */
const PAGE = 10_000;

/** An entry as matching loads it: its id and hashes in lower-case hex. */
export interface EntryHashes {
  id: number;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  pdq: string | null;
}

/**
 * A set's entries, id and hashes, in id order, page by page; from `afterId` on, only what was added since
 * (ids grow in import order across all sets).
 */
export async function* streamEntryHashes(
  services: Services,
  hashSetId: string,
  { afterId = 0, pageSize = PAGE }: { afterId?: number; pageSize?: number } = {},
): AsyncGenerator<EntryHashes[]> {
  const fromFirstId = await chunkHolding(services.db, hashSetId, afterId + 1);
  let page: EntryHashes[] = [];
  for await (const chunk of readChunks(services.db, hashSetId, { fromFirstId })) {
    const hex = hexReaders(chunk);
    for (let i = Math.max(0, afterId + 1 - chunk.firstId); i < chunk.count; i++) {
      page.push({
        id: chunk.firstId + i,
        md5: hex.md5(i),
        sha1: hex.sha1(i),
        sha256: hex.sha256(i),
        pdq: hex.pdq(i),
      });
      if (page.length === pageSize) {
        yield page;
        page = [];
      }
    }
  }
  if (page.length) yield page;
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

/** Each field of the details: its key in a chunk's metadata, its column in the query, its SQL type. */
const DETAIL_FIELDS = [
  ['label', 'label', 'text'],
  ['category', 'category', 'text'],
  ['victimIdentified', 'victim_identified', 'boolean'],
  ['offenderIdentified', 'offender_identified', 'boolean'],
  ['distributed', 'distributed', 'boolean'],
  ['series', 'series', 'text'],
  ['sourceMediaId', 'source_media_id', 'text'],
] as const;

/** The details of entries by set and id (a handful at a time: the ones files matched). */
export async function findEntryDetails(
  services: Services,
  refs: { hashSetId: string; id: number }[],
): Promise<EntryDetails[]> {
  if (!refs.length) return [];
  // Each ref's chunk is the last of its set starting at or before it; the entry is element id - first_id.
  const { rows } = await sql<{
    hash_set_id: string;
    id: number | string;
    label: string | null;
    category: string | null;
    victim_identified: boolean | null;
    offender_identified: boolean | null;
    distributed: boolean | null;
    series: string | null;
    source_media_id: string | null;
  }>`
    select r.hash_set_id, r.id, ${sql.join(
      DETAIL_FIELDS.map(
        ([field, column, type]) =>
          sql`(c.metadata -> ${field} ->> (r.id - c.first_id)::integer)::${sql.raw(type)} as ${sql.id(column)}`,
      ),
    )}
    from unnest(${refs.map((ref) => ref.hashSetId)}::uuid[], ${refs.map((ref) => ref.id)}::bigint[])
      as r(hash_set_id, id)
    join lateral (
      select first_id, count, metadata from hash_set_chunks
      where hash_set_id = r.hash_set_id and first_id <= r.id
      order by first_id desc limit 1
    ) c on r.id < c.first_id + c.count`.execute(services.db);
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
  for await (const chunk of readChunks(services.db, hashSetId, { metadata: true })) yield chunkEntries(chunk);
}

/** A set as a VICS 2.0 document, streamed; the export is audited before the first byte goes out. */
export async function exportHashSet(
  services: Services,
  who: OrganisationActor,
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

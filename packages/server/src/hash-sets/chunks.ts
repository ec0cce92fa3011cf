import {
  HASH_BYTES,
  HASH_KINDS,
  METADATA_FIELDS,
  type EntryColumns,
  type HashEntry,
  type HashKind,
  type MetadataField,
} from '@sinag/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per query when reading chunks: up to 20,000 entries each. */
const CHUNKS_PER_QUERY = 4;

const bytes = (b: Uint8Array | null) => b && Buffer.from(b.buffer, b.byteOffset, b.byteLength);

// Bytes travel as hex text, decoded and encoded by the database: PGlite converts bytea byte by byte in
// JavaScript, 100 times slower than Buffer's hex (and pg reads bytea as hex text anyway).
const toBytea = (b: Uint8Array | null) => sql`decode(${bytes(b)?.toString('hex') ?? null}::text, 'hex')`;
const fromBytea = <C extends 'present' | HashKind>(column: C) =>
  sql<string | null>`encode(${sql.ref(column)}, 'hex')`.as(column);
const hexBytes = (hex: string | null) => (hex === null ? null : Buffer.from(hex, 'hex'));

/**
 * Stores entries as one chunk row under the next `count` entry ids (taken from hash_set_entry_ids in the
 * same statement); returns the first id.
 */
export async function insertChunk(db: Db, hashSetId: string, columns: EntryColumns): Promise<number> {
  const given = METADATA_FIELDS.filter((field) => columns[field]);
  const metadata = given.length
    ? JSON.stringify(Object.fromEntries(given.map((field) => [field, columns[field]])))
    : null;
  const { rows } = await sql<{ first_id: number | string }>`
    with ids as (
      update hash_set_entry_ids set last_id = last_id + ${columns.count}::bigint
      returning last_id - ${columns.count}::bigint + 1 as first_id
    )
    insert into hash_set_chunks (hash_set_id, first_id, count, present, md5, sha1, sha256, pdq, metadata)
    select ${hashSetId}::uuid, first_id, ${columns.count}::integer, ${toBytea(columns.present)},
      ${sql.join(HASH_KINDS.map((kind) => toBytea(columns[kind])))}, ${metadata}::json
    from ids
    returning first_id`.execute(db);
  return Number(rows[0]!.first_id);
}

/** A stored chunk: its first entry id and its entries (metadata null unless asked for). */
export type StoredChunk = EntryColumns & { firstId: number };

/**
 * A set's chunks in id order from the one whose first id is `fromFirstId` or more, a few rows per query
 * (no cursor is held between them); with `metadata`, every field, else only the hashes.
 */
export async function* readChunks(
  db: Db,
  hashSetId: string,
  { fromFirstId = 0, metadata = false }: { fromFirstId?: number; metadata?: boolean } = {},
): AsyncGenerator<StoredChunk> {
  let from = fromFirstId;
  for (;;) {
    let query = db
      .selectFrom('hash_set_chunks')
      .select(['first_id', 'count', fromBytea('present'), ...HASH_KINDS.map(fromBytea)])
      .where('hash_set_id', '=', hashSetId)
      .where('first_id', '>=', from)
      .orderBy('first_id')
      .limit(CHUNKS_PER_QUERY);
    if (metadata) query = query.select('metadata');
    const rows = await query.execute();
    for (const row of rows) {
      const fields = (row as { metadata?: Record<string, unknown> | null }).metadata;
      yield {
        firstId: Number(row.first_id),
        count: row.count,
        present: hexBytes(row.present)!,
        md5: hexBytes(row.md5),
        sha1: hexBytes(row.sha1),
        sha256: hexBytes(row.sha256),
        pdq: hexBytes(row.pdq),
        ...(Object.fromEntries(METADATA_FIELDS.map((field) => [field, fields?.[field] ?? null])) as Pick<
          EntryColumns,
          MetadataField
        >),
      };
    }
    if (rows.length < CHUNKS_PER_QUERY) return;
    from = Number(rows.at(-1)!.first_id) + 1;
  }
}

/** The first id of the chunk that holds entry `id` (or would, were it stored); 0 if none starts at or before it. */
export async function chunkHolding(db: Db, hashSetId: string, id: number): Promise<number> {
  const row = await db
    .selectFrom('hash_set_chunks')
    .select((eb) => eb.fn.max('first_id').as('first_id'))
    .where('hash_set_id', '=', hashSetId)
    .where('first_id', '<=', id)
    .executeTakeFirst();
  return Number(row?.first_id ?? 0);
}

/** Entry i's hash of one kind, lower-case hex, or null: one reader per column of a chunk. */
export function hexReaders(chunk: EntryColumns): Record<HashKind, (i: number) => string | null> {
  const readers = {} as Record<HashKind, (i: number) => string | null>;
  HASH_KINDS.forEach((kind, k) => {
    const column = bytes(chunk[kind]);
    const size = HASH_BYTES[kind];
    const bit = 1 << k;
    readers[kind] = column
      ? (i) => (chunk.present[i]! & bit ? column.toString('hex', i * size, (i + 1) * size) : null)
      : () => null;
  });
  return readers;
}

/** A chunk read with its metadata as entries. */
export function chunkEntries(chunk: StoredChunk): HashEntry[] {
  const hex = hexReaders(chunk);
  const entries: HashEntry[] = [];
  for (let i = 0; i < chunk.count; i++) {
    const entry = { md5: hex.md5(i), sha1: hex.sha1(i), sha256: hex.sha256(i), pdq: hex.pdq(i) } as HashEntry;
    for (const field of METADATA_FIELDS)
      (entry as Record<MetadataField, unknown>)[field] = chunk[field]?.[i] ?? null;
    entries.push(entry);
  }
  return entries;
}

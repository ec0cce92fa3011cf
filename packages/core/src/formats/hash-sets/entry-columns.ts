import { writeHexBytes } from '../../matching/bits.ts';
import type { DigestSet } from './digest-set.ts';
import { HASH_KINDS, type HashEntry, type HashKind } from './entry.ts';

/** Bytes per hash. */
export const HASH_BYTES: Record<HashKind, number> = { md5: 16, sha1: 20, sha256: 32, pdq: 32 };

export type MetadataField = Exclude<keyof HashEntry, HashKind>;

export const METADATA_FIELDS: readonly MetadataField[] = [
  'label',
  'category',
  'victimIdentified',
  'offenderIdentified',
  'distributed',
  'series',
  'sourceMediaId',
];

/**
 * The hashes of `count` entries, column by column: n × HASH_BYTES bytes, zero where absent. An entry's
 * presence byte has bit 1 << i for HASH_KINDS[i] (1 MD5, 2 SHA-1, 4 SHA-256, 8 PDQ): a hash of all zeros
 * (PDQ of a flat image) is still a hash.
 */
export type HashColumns = { count: number; present: Uint8Array } & { [K in HashKind]: Uint8Array | null };

/**
 * Entries stored together, as hash sets keep them: a column that no entry has is null rather than a run
 * of zeros or nulls, so a plain MD5 list is its MD5 bytes and the presence bytes.
 */
export type EntryColumns = HashColumns & { [F in MetadataField]: HashEntry[F][] | null };

const LENGTHS = HASH_KINDS.map((kind) => HASH_BYTES[kind]);

/**
 * The entries of a batch that `seen` does not hold yet, in columns, adding their identities to `seen`: an
 * entry is identified within its set by its four hashes together, so a repeated one (in the batch, or
 * stored before) is dropped.
 */
export function packEntries(entries: HashEntry[], seen: DigestSet): EntryColumns {
  const n = entries.length;
  const present = new Uint8Array(n);
  const hashes = HASH_KINDS.map((kind, k) =>
    entries.some((e) => e[kind] !== null) ? new Uint8Array(n * LENGTHS[k]!) : null,
  );
  // A field's values from its first non-null one on: a plain list makes no arrays at all.
  const metadata: ((string | boolean | null)[] | undefined)[] = METADATA_FIELDS.map(() => undefined);
  seen.reserve(seen.size + n);
  const [md5, sha1, sha256, pdq] = [
    hashes[0] ?? null,
    hashes[1] ?? null,
    hashes[2] ?? null,
    hashes[3] ?? null,
  ];
  let count = 0;
  let kept = 0; // the hashes the kept entries have
  const keep = (f: number, value: string | boolean | null) => {
    const values = metadata[f];
    if (values) values.push(value);
    else if (value !== null) (metadata[f] = new Array<string | boolean | null>(count).fill(null)).push(value);
  };
  for (const entry of entries) {
    const mask =
      put(entry.md5, md5, 16, count, 1) |
      put(entry.sha1, sha1, 20, count, 2) |
      put(entry.sha256, sha256, 32, count, 4) |
      put(entry.pdq, pdq, 32, count, 8);
    present[count] = mask;
    if (!addKey(seen, hashes, mask, count)) continue;
    // Field by field, not by a computed key: property reads V8 can inline.
    keep(0, entry.label);
    keep(1, entry.category);
    keep(2, entry.victimIdentified);
    keep(3, entry.offenderIdentified);
    keep(4, entry.distributed);
    keep(5, entry.series);
    keep(6, entry.sourceMediaId);
    kept |= mask;
    count++;
  }
  const columns = { count, present: present.subarray(0, count) } as EntryColumns;
  HASH_KINDS.forEach(
    (kind, k) => (columns[kind] = kept & (1 << k) ? hashes[k]!.subarray(0, count * LENGTHS[k]!) : null),
  );
  METADATA_FIELDS.forEach((field, f) => {
    const values = metadata[f];
    (columns as Record<MetadataField, unknown>)[field] = values ? values.slice(0, count) : null;
  });
  return columns;
}

/** Writes a hash at entry i of its column (or zeros: a dropped duplicate may have left bytes there); its bit if present. */
function put(hex: string | null, column: Uint8Array | null, size: number, i: number, bit: number): number {
  if (!column) return 0;
  if (hex === null) {
    column.fill(0, i * size, (i + 1) * size);
    return 0;
  }
  writeHexBytes(hex, column, i * size);
  return bit;
}

/** Adds the identities of stored entries to `seen` (loading a set before importing into it). */
export function rememberEntries(columns: HashColumns, seen: DigestSet): void {
  seen.reserve(seen.size + columns.count);
  const hashes = HASH_KINDS.map((kind) => columns[kind]);
  for (let i = 0; i < columns.count; i++) addKey(seen, hashes, columns.present[i]!, i);
}

const words = new Uint32Array(28); // 4 + 5 + 8 + 8 words, padded to whole 16-byte blocks

/**
 * Adds the 96-bit identity of entry `i` to `seen`: MurmurHash3 x86_128 of its hashes' words, seeded by
 * which hashes it has. Its inputs are digests already (uniform, or PDQ's near-duplicates, which its mixing
 * spreads), so two different entries get the same key with a chance of about n² / 2⁹⁷ (10⁻¹⁵ for 10⁷).
 */
function addKey(seen: DigestSet, hashes: (Uint8Array | null)[], mask: number, i: number): boolean {
  let n = 0;
  for (let k = 0; k < 4; k++) {
    if (!(mask & (1 << k))) continue;
    const bytes = hashes[k]!;
    for (let b = i * LENGTHS[k]!, end = b + LENGTHS[k]!; b < end; b += 4)
      words[n++] = bytes[b]! | (bytes[b + 1]! << 8) | (bytes[b + 2]! << 16) | (bytes[b + 3]! << 24);
  }
  while (n & 3) words[n++] = 0;
  let h1 = mask;
  let h2 = mask;
  let h3 = mask;
  let h4 = mask;
  for (let w = 0; w < n; w += 4) {
    h1 ^= Math.imul(rotl(Math.imul(words[w]!, 0x239b961b), 15), 0xab0e9789);
    h1 = (Math.imul((rotl(h1, 19) + h2) | 0, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotl(Math.imul(words[w + 1]!, 0xab0e9789), 16), 0x38b34ae5);
    h2 = (Math.imul((rotl(h2, 17) + h3) | 0, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotl(Math.imul(words[w + 2]!, 0x38b34ae5), 17), 0xa1e38b93);
    h3 = (Math.imul((rotl(h3, 15) + h4) | 0, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotl(Math.imul(words[w + 3]!, 0xa1e38b93), 18), 0x239b961b);
    h4 = (Math.imul((rotl(h4, 13) + h1) | 0, 5) + 0x32ac3b17) | 0;
  }
  h1 ^= n;
  h2 ^= n;
  h3 ^= n;
  h4 ^= n;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  return seen.add(h1, (h2 + h1) | 0, (h3 + h1) | 0);
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

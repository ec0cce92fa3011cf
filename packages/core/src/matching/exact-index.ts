import { checkId, readHexWords } from './bits.ts';
import { CHUNK_BITS, CHUNK_MASK, EntryStore } from './entry-store.ts';
import { EntryTable } from './entry-table.ts';
import { IdTable } from './id-table.ts';

/** Digest lengths in bytes of the exact hashes hash sets carry. */
export const DIGEST_BYTES = { md5: 16, sha1: 20, sha256: 32 } as const;

/**
 * Exact-hash lookup (MD5, SHA-1, SHA-256, … by digest length) over millions of digests, in typed arrays
 * rather than a Map of hex strings, which would take several times the memory. Each id has one digest;
 * several ids may share a digest (several hash sets hold the same file), and lookup() returns them all.
 * Adding an id again replaces its digest.
 *
 * Digests live once, in a chunked store; two open-addressing tables point into it, one by digest and one
 * by id. Removal moves the last entry into the hole, so the store stays dense.
 */
export class ExactIndex {
  private readonly words: number;
  private readonly store: EntryStore;
  private readonly byDigest: EntryTable;
  private readonly byId: IdTable;
  private readonly scratch: Uint32Array;
  private readonly what: string;

  /** `digestBytes`: 16 for MD5, 20 for SHA-1, 32 for SHA-256 (see DIGEST_BYTES); a multiple of 4 from 8 to 64. */
  constructor(digestBytes: number) {
    if (!Number.isInteger(digestBytes) || digestBytes < 8 || digestBytes > 64 || digestBytes % 4 !== 0) {
      throw new RangeError(`digest length must be a multiple of 4 bytes from 8 to 64, got ${digestBytes}`);
    }
    this.words = digestBytes / 4;
    this.store = new EntryStore(this.words);
    this.byDigest = new EntryTable((entry) =>
      digestHash(this.store.word(entry, 0), this.store.word(entry, 1)),
    );
    this.byId = new IdTable(this.store);
    this.scratch = new Uint32Array(this.words);
    this.what = `a ${digestBytes}-byte digest`;
  }

  /** Ids stored. */
  get size(): number {
    return this.store.length;
  }

  add(id: number, hex: string): void {
    checkId(id);
    readHexWords(hex, this.words, this.scratch, 0, this.what);
    this.remove(id);
    const entry = this.store.append(id, this.scratch, 0);
    this.byDigest.insert(entry);
    this.byId.insert(entry);
  }

  /** Removes `id` and its digest; nothing happens if it is absent. */
  remove(id: number): void {
    checkId(id);
    const entry = this.byId.find(id);
    if (entry < 0) return;
    this.byDigest.remove(entry);
    this.byId.remove(entry);
    const last = this.store.length - 1;
    if (entry !== last) {
      this.byDigest.renumber(last, entry);
      this.byId.renumber(last, entry);
      this.store.move(last, entry);
    }
    this.store.truncate(last);
  }

  /** The ids whose digest is `hex` (either case), in ascending order; empty if none. */
  lookup(hex: string): number[] {
    const digest = this.scratch;
    readHexWords(hex, this.words, digest, 0, this.what);
    const ids: number[] = [];
    const { slots, mask } = this.byDigest;
    const { wordChunks, words } = this.store;
    for (let s = this.byDigest.home(digestHash(digest[0]!, digest[1]!)); slots[s] !== 0; s = (s + 1) & mask) {
      const entry = slots[s]! - 1;
      const stored = wordChunks[entry >>> CHUNK_BITS]!;
      const at = (entry & CHUNK_MASK) * words;
      let w = 0;
      while (w < words && stored[at + w] === digest[w]) w++;
      if (w === words) ids.push(this.store.id(entry));
    }
    return ids.sort((a, b) => a - b);
  }
}

// Digests are uniformly distributed already; two words make keys that differ only past the first collide less.
function digestHash(first: number, second: number): number {
  return first ^ Math.imul(second, 0x85ebca6b);
}

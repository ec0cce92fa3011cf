import { ballMasks, ballSize } from './ball-masks.ts';
import { distance256 } from './bits.ts';
import { GROUP_BITS, packOffsets, type BucketOffsets } from './bucket-offsets.ts';
import { CHUNK_BITS, CHUNK_MASK, type EntryStore } from './entry-store.ts';

/**
 * Multi-index hashing over 256-bit hashes (Norouzi, Punjani & Fleet, 2012). The bits are cut into SUBSTRINGS
 * disjoint substrings; if two hashes differ in at most d bits, the differing bits are shared out among the
 * substrings, so at least one substring differs in at most ⌊d / SUBSTRINGS⌋ bits (pigeonhole). Probing, in
 * every substring's table, each bucket within that radius of the query's substring therefore reaches every
 * stored hash within d; each candidate is then verified on all 256 bits. The search is exact, not approximate.
 *
 * Substring t is the `bits` bits starting at bit t × STRIDE (bit i is bit i % 32 of word ⌊i / 32⌋). With
 * bits ≤ STRIDE they never overlap; the bits they leave out only make the pigeonhole bound looser, never
 * wrong. Each table is in CSR form: entries sorted by substring value (a counting sort) and bucket offsets.
 */
export const SUBSTRINGS = 11;
export const STRIDE = 23;
const MIN_BITS = 4;
const GROUP_MASK = (1 << GROUP_BITS) - 1;

const MAX_BITS = STRIDE;

/**
 * Substring width for an index of `count` hashes: about log2(count), so buckets hold one to two entries
 * each. At most 23 bits (11 × 23 = 253 of the 256 bits), where the 11 tables' offsets take 110 MB.
 */
export function substringBits(count: number): number {
  return Math.min(MAX_BITS, Math.max(MIN_BITS, Math.floor(Math.log2(Math.max(count, 1)))));
}

/** The `bits`-bit substring t of the hash at words[at … at + 8). */
function substring(words: Uint32Array, at: number, t: number, bits: number): number {
  const start = t * STRIDE;
  const word = at + (start >>> 5);
  const shift = start & 31;
  let value = words[word]! >>> shift;
  if (shift + bits > 32) value |= words[word + 1]! << (32 - shift);
  return value & ((1 << bits) - 1);
}

export class MultiIndex {
  private constructor(
    readonly bits: number,
    /** Entries 0 … count - 1 of the store are indexed. */
    readonly count: number,
    private readonly offsets: BucketOffsets[],
    private readonly entries: Uint32Array[],
  ) {}

  private touched = 0;
  /** Scratch space for collect(), kept between searches. */
  private candidates: Uint32Array = new Uint32Array(1 << 14);

  /** Indexes the first `count` entries of a store of 8-word hashes. */
  static build(store: EntryStore, count: number): MultiIndex {
    const bits = substringBits(count);
    const offsets: BucketOffsets[] = [];
    const entries: Uint32Array[] = [];
    const starts = new Uint32Array((1 << bits) + 1); // shared by the tables' counting sorts
    const chunks = store.wordChunks;
    for (let t = 0; t < SUBSTRINGS; t++) {
      starts.fill(0);
      for (let entry = 0; entry < count; entry++) {
        const words = chunks[entry >>> CHUNK_BITS]!;
        starts[substring(words, (entry & CHUNK_MASK) << 3, t, bits) + 1]!++;
      }
      for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
      // Fill using starts[] as cursors, which leaves each holding the next bucket's start; then shift back.
      const sorted = new Uint32Array(count);
      for (let entry = 0; entry < count; entry++) {
        const words = chunks[entry >>> CHUNK_BITS]!;
        sorted[starts[substring(words, (entry & CHUNK_MASK) << 3, t, bits)]!++] = entry;
      }
      starts.copyWithin(1, 0, starts.length - 1);
      starts[0] = 0;
      offsets.push(packOffsets(starts));
      entries.push(sorted);
    }
    return new MultiIndex(bits, count, offsets, entries);
  }

  /** Random memory reads a search at `maxDistance` costs on average: bucket offsets plus candidates. */
  randomReads(maxDistance: number): number {
    const buckets = SUBSTRINGS * ballSize(this.bits, Math.floor(maxDistance / SUBSTRINGS));
    return buckets * (1 + this.count / 2 ** this.bits);
  }

  /**
   * Sets found[entry] = distance for every indexed entry within `maxDistance` of `query` (8 words). An
   * entry near the query turns up in several tables; the map keeps one.
   */
  collect(store: EntryStore, query: Uint32Array, maxDistance: number, found: Map<number, number>): void {
    // Candidates are gathered first, then read: random reads of the 320 MB of hashes (at 10M) are what a
    // search costs, and loops that do little besides them let the CPU overlap their cache and TLB misses.
    const masks = ballMasks(this.bits, Math.floor(maxDistance / SUBSTRINGS));
    let candidates = this.candidates;
    let n = 0;
    for (let t = 0; t < SUBSTRINGS; t++) {
      const key = substring(query, 0, t, this.bits);
      const { groupStarts, sizes } = this.offsets[t]!;
      const entries = this.entries[t]!;
      for (let m = 0; m < masks.length; m++) {
        const bucket = key ^ masks[m]!;
        let start = groupStarts[bucket >>> GROUP_BITS]!;
        for (let b = bucket & ~GROUP_MASK; b < bucket; b++) start += sizes[b]!;
        const end = start + sizes[bucket]!;
        if (n + end - start > candidates.length) {
          candidates = grow(candidates, n + end - start);
          this.candidates = candidates;
        }
        for (let i = start; i < end; i++) candidates[n++] = entries[i]!;
      }
    }
    const chunks = store.wordChunks;
    // JavaScript has no prefetch instruction; this loop is one. Each step is a lone load, so the CPU keeps
    // dozens of them in flight, and the verifying loop then finds its data in cache: 40% faster at 10M.
    let touched = 0;
    for (let i = 0; i < n; i++) {
      const entry = candidates[i]!;
      touched ^= chunks[entry >>> CHUNK_BITS]![(entry & CHUNK_MASK) << 3]!;
    }
    this.touched = touched; // kept, so that the compiler cannot drop the loads
    for (let i = 0; i < n; i++) {
      const entry = candidates[i]!;
      const d = distance256(chunks[entry >>> CHUNK_BITS]!, (entry & CHUNK_MASK) << 3, query, maxDistance);
      if (d >= 0) found.set(entry, d);
    }
  }
}

function grow(array: Uint32Array, atLeast: number): Uint32Array {
  const grown = new Uint32Array(Math.max(atLeast, array.length * 2));
  grown.set(array);
  return grown;
}

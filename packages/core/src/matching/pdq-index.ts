import { PDQ_MATCH_DISTANCE } from '../media/pdq/hasher.ts';
import { checkId, distance256, readHexWords } from './bits.ts';
import { CHUNK_BITS, CHUNK_MASK, EntryStore } from './entry-store.ts';
import { IdTable } from './id-table.ts';
import { MultiIndex } from './multi-index.ts';

export interface PdqMatch {
  id: number;
  distance: number;
}

export interface PdqVariantMatch extends PdqMatch {
  /** Index, in the query list, of the variant at the smallest distance (the first of equals). */
  variant: number;
}

export interface PdqIndexOptions {
  /**
   * Hashes added since the last build that are searched by a linear scan before the next search rebuilds
   * the tables to include them. Default: the larger of 4,096 and 1/512 of the indexed entries.
   */
  deltaLimit?: number;
  /**
   * 'auto' (default) scans linearly where that is estimated to be cheaper than the tables (small indexes,
   * large distances); 'tables' always uses the tables. Both are exact.
   */
  plan?: 'auto' | 'tables';
}

const WORDS = 8;
// A random read (bucket offset or candidate) costs about as much as scanning this many entries in order.
const RANDOM_READ_COST = 8;
const MIN_DELTA_LIMIT = 4096;

/**
 * Exact radius search over PDQ hashes: search() returns every stored hash within maxDistance bits of the
 * query, never an approximation. Ids are integers from 0 to 2^32 - 1; adding an id again replaces its hash.
 *
 * Hashes live in a chunked store; a multi-index (see multi-index.ts) covers the first `indexed` of them.
 * Hashes added since then form the delta, searched by a linear scan, and removed ones are flagged and
 * skipped until the next rebuild compacts them away. A search rebuilds first when the delta outgrows
 * `deltaLimit` or a quarter of the store is removed entries: 10 million hashes take seconds.
 */
export class PdqIndex {
  private readonly store = new EntryStore(WORDS);
  private readonly byId = new IdTable(this.store);
  private removed = new Uint8Array(1024);
  private removedCount = 0;
  private tables: MultiIndex | null = null;
  private readonly query = new Uint32Array(WORDS);
  private readonly deltaLimit: number | undefined;
  private readonly plan: 'auto' | 'tables';

  constructor(options: PdqIndexOptions = {}) {
    if (options.deltaLimit !== undefined && !(options.deltaLimit >= 0)) {
      throw new RangeError(`deltaLimit must be 0 or more, got ${options.deltaLimit}`);
    }
    this.deltaLimit = options.deltaLimit;
    this.plan = options.plan ?? 'auto';
  }

  /** Hashes stored (removed ones not counted). */
  get size(): number {
    return this.byId.count;
  }

  /** Stores `pdqHex` (64 hex digits, either case) under `id` (an integer from 0 to 2^32 - 1), replacing any. */
  add(id: number, pdqHex: string): void {
    checkId(id);
    readHexWords(pdqHex, WORDS, this.query, 0, 'a PDQ hash');
    this.remove(id);
    const entry = this.store.append(id, this.query, 0);
    if (entry === this.removed.length) {
      const grown = new Uint8Array(entry * 2);
      grown.set(this.removed);
      this.removed = grown;
    }
    this.byId.insert(entry);
  }

  /** Removes the hash stored under `id`; nothing happens if there is none. */
  remove(id: number): void {
    checkId(id);
    const entry = this.byId.find(id);
    if (entry < 0) return;
    this.byId.remove(entry);
    this.removed[entry] = 1;
    this.removedCount++;
  }

  /**
   * Every stored hash within `maxDistance` (0 … 256) bits of `pdqHex`, nearest first (then by id). Over
   * 10 million hashes, distances 22 … 32 probe 2,794 buckets, 33 … 43 seven times more work, 44 … 54 about
   * 35 times; from 55 on, the tables would cost more than a linear scan, which is then used instead.
   */
  search(pdqHex: string, maxDistance = PDQ_MATCH_DISTANCE): PdqMatch[] {
    checkDistance(maxDistance);
    readHexWords(pdqHex, WORDS, this.query, 0, 'a PDQ hash');
    return this.matches(this.query, maxDistance).map(([entry, distance]) => ({
      id: this.store.id(entry),
      distance,
    }));
  }

  /**
   * Search with several forms of one image at once, e.g. the 8 rotations and flips PDQ derives from it:
   * one result per stored hash within `maxDistance` of any of them, with the smallest distance and the
   * variant that gave it.
   */
  searchAny(pdqHexes: readonly string[], maxDistance = PDQ_MATCH_DISTANCE): PdqVariantMatch[] {
    checkDistance(maxDistance);
    const queries = pdqHexes.map((hex) => {
      const words = new Uint32Array(WORDS);
      readHexWords(hex, WORDS, words, 0, 'a PDQ hash');
      return words;
    });
    const best = new Map<number, PdqVariantMatch>();
    queries.forEach((query, variant) => {
      for (const [entry, distance] of this.matches(query, maxDistance)) {
        const known = best.get(entry);
        if (!known || distance < known.distance)
          best.set(entry, { id: this.store.id(entry), distance, variant });
      }
    });
    return [...best.values()].sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  /** [entry, distance] of every live entry within maxDistance of query, sorted by distance, then id. */
  private matches(query: Uint32Array, maxDistance: number): [number, number][] {
    this.refresh();
    const indexed = this.tables?.count ?? 0;
    const found = new Map<number, number>();
    if (this.tables && this.useTables(this.tables, maxDistance)) {
      this.tables.collect(this.store, query, maxDistance, found);
    } else {
      this.scan(0, indexed, query, maxDistance, found);
    }
    this.scan(indexed, this.store.length, query, maxDistance, found);
    const live = [...found].filter(([entry]) => this.removed[entry] === 0);
    return live.sort((a, b) => a[1] - b[1] || this.store.id(a[0]) - this.store.id(b[0]));
  }

  private useTables(tables: MultiIndex, maxDistance: number): boolean {
    return this.plan === 'tables' || tables.randomReads(maxDistance) * RANDOM_READ_COST < tables.count;
  }

  private scan(
    from: number,
    to: number,
    query: Uint32Array,
    maxDistance: number,
    found: Map<number, number>,
  ) {
    const chunks = this.store.wordChunks;
    for (let entry = from; entry < to; entry++) {
      const d = distance256(chunks[entry >>> CHUNK_BITS]!, (entry & CHUNK_MASK) << 3, query, maxDistance);
      if (d >= 0) found.set(entry, d);
    }
  }

  /** Rebuilds the tables when the delta or the removed entries have grown too large to carry along. */
  private refresh(): void {
    const indexed = this.tables?.count ?? 0;
    const limit = this.deltaLimit ?? Math.max(MIN_DELTA_LIMIT, indexed >>> 9);
    if (this.store.length - indexed <= limit && this.removedCount * 4 <= this.store.length) return;
    this.tables = null; // released before the new tables are allocated, so they never coexist
    this.compact();
    this.tables = MultiIndex.build(this.store, this.store.length);
  }

  /** Moves the live entries down over the removed ones, keeping their order. */
  private compact(): void {
    if (this.removedCount === 0) return;
    let kept = 0;
    for (let entry = 0; entry < this.store.length; entry++) {
      if (this.removed[entry] === 1) continue;
      if (entry !== kept) {
        this.byId.renumber(entry, kept);
        this.store.move(entry, kept);
      }
      kept++;
    }
    this.store.truncate(kept);
    this.removed.fill(0);
    this.removedCount = 0;
  }
}

function checkDistance(maxDistance: number): void {
  if (!Number.isInteger(maxDistance) || maxDistance < 0 || maxDistance > 256) {
    throw new RangeError(`maxDistance must be an integer from 0 to 256, got ${maxDistance}`);
  }
}

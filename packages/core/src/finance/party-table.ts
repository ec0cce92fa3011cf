import type { Party } from './screening-state.ts';

const MIN_BITS = 10;
const SEED = (Math.random() * 2 ** 32) | 0;

/**
 * A hash of a party id, never 0 (0 marks an empty slot). Seeded per process, so a file of ids made to
 * collide in one process does not collide in the next.
 */
export function idHash(id: string): number {
  let h = SEED ^ 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  // murmur3's finaliser: the low bits pick the slot, so every bit of the id must reach them.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
}

/**
 * Parties by id, for the screener's two lookups per payment among half a million parties.
 *
 * A Map lookup there costs four dependent cache misses (bucket, entry, key, value), and an absent id, half
 * the lookups, walks a chain of other keys first. Here the id hashes sit in one typed array probed in
 * line, so an absent id costs one miss, and a present one reads its slot's hash and party side by side,
 * then the party (needed anyway) and its id. The parties are also kept in the order they were added, which
 * is the order they lie in memory: a sweep visits them in that order, not in the slots' random one.
 */
export class PartyTable {
  private hashes = new Int32Array(1 << MIN_BITS);
  private slots: (Party | undefined)[] = new Array<Party | undefined>(1 << MIN_BITS).fill(undefined);
  private mask = (1 << MIN_BITS) - 1;
  private all: Party[] = [];
  private allHashes: number[] = [];

  get size(): number {
    return this.all.length;
  }

  get(id: string, hash: number): Party | undefined {
    const { hashes, mask } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const h = hashes[slot];
      if (h === 0) return undefined;
      if (h === hash) {
        const party = this.slots[slot]!;
        if (party.id === id) return party;
      }
    }
  }

  /** Adds a party that is not in the table. */
  add(hash: number, party: Party): void {
    this.all.push(party);
    this.allHashes.push(hash);
    if (2 * this.all.length > this.hashes.length) this.reindex(2 * this.hashes.length);
    else this.place(hash, party);
  }

  /** Keeps only the parties `keep` says yes to, asking in the order they were added. */
  retain(keep: (party: Party) => boolean): void {
    const { all, allHashes } = this;
    let kept = 0;
    for (let i = 0; i < all.length; i++) {
      if (!keep(all[i]!)) continue;
      all[kept] = all[i]!;
      allHashes[kept++] = allHashes[i]!;
    }
    all.length = allHashes.length = kept;
    let capacity = this.hashes.length;
    while (capacity > 1 << MIN_BITS && 8 * kept < capacity) capacity /= 2;
    this.reindex(capacity);
  }

  private place(hash: number, party: Party): void {
    const { hashes, mask } = this;
    let slot = hash & mask;
    while (hashes[slot] !== 0) slot = (slot + 1) & mask;
    hashes[slot] = hash;
    this.slots[slot] = party;
  }

  /** Slots every party again, in `capacity` slots (the same arrays, cleared, when that is their size). */
  private reindex(capacity: number): void {
    if (capacity === this.hashes.length) {
      this.hashes.fill(0);
      this.slots.fill(undefined);
    } else {
      this.hashes = new Int32Array(capacity);
      this.slots = new Array<Party | undefined>(capacity).fill(undefined);
      this.mask = capacity - 1;
    }
    const { all, allHashes } = this;
    for (let i = 0; i < all.length; i++) this.place(allHashes[i]!, all[i]!);
  }
}

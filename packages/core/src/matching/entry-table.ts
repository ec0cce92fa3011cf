/**
 * An open-addressing hash table (linear probing) of entry numbers, placed by a 32-bit hash of each entry's
 * key, which the table reads through `hashOf` instead of storing: keys live once, in the entry store.
 * Equal keys may occupy several slots; a lookup walks from home(hash) to the next empty slot:
 *
 *   for (let s = table.home(h); table.slots[s] !== 0; s = (s + 1) & table.mask) { entry = table.slots[s] - 1 }
 */
const MIN_CAPACITY = 16;
const MAX_LOAD = 0.7;

export class EntryTable {
  /** Entry number + 1 per slot; 0 is empty. */
  slots = new Uint32Array(MIN_CAPACITY);
  mask = MIN_CAPACITY - 1;
  count = 0;
  private shift = 32 - Math.log2(MIN_CAPACITY);

  constructor(private readonly hashOf: (entry: number) => number) {}

  /** The first slot to probe for a key with this hash. Multiplicative hashing: the top bits are well mixed. */
  home(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }

  insert(entry: number): void {
    if (this.count + 1 > this.slots.length * MAX_LOAD) this.grow();
    let s = this.home(this.hashOf(entry));
    while (this.slots[s] !== 0) s = (s + 1) & this.mask;
    this.slots[s] = entry + 1;
    this.count++;
  }

  /** Removes `entry`, which must be present, closing the gap so that no probe chain is cut short. */
  remove(entry: number): void {
    let hole = this.slotOf(entry);
    this.count--;
    for (let s = (hole + 1) & this.mask; this.slots[s] !== 0; s = (s + 1) & this.mask) {
      const home = this.home(this.hashOf(this.slots[s]! - 1));
      // An entry may move back into the hole only if its home does not lie after the hole in its chain.
      if (((s - home) & this.mask) >= ((s - hole) & this.mask)) {
        this.slots[hole] = this.slots[s]!;
        hole = s;
      }
    }
    this.slots[hole] = 0;
  }

  /** Records that the store moved entry `from` (key unchanged) to `to`. Call before `from` is overwritten. */
  renumber(from: number, to: number): void {
    this.slots[this.slotOf(from)] = to + 1;
  }

  private slotOf(entry: number): number {
    let s = this.home(this.hashOf(entry));
    while (this.slots[s] !== entry + 1) {
      if (this.slots[s] === 0) throw new Error(`entry ${entry} is not in the table`);
      s = (s + 1) & this.mask;
    }
    return s;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    this.shift--;
    for (const value of old) {
      if (value === 0) continue;
      let s = this.home(this.hashOf(value - 1));
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = value;
    }
  }
}

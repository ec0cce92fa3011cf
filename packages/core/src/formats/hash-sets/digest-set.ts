/**
 * A set of 96-bit keys in one open-addressing typed array: the identities of a hash set's entries while an
 * import de-duplicates against them. Twelve bytes a key at most 3/4 full: ten million entries take 16.8 M
 * slots, 200 MB, where a Set of hex strings would take several times that.
 */
export class DigestSet {
  private keys: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 0) {
    this.keys = new Uint32Array(slotsFor(expected) * 3);
    this.mask = this.keys.length / 3 - 1;
  }

  /** Makes room for `expected` keys at once rather than growing step by step. */
  reserve(expected: number): void {
    if (slotsFor(expected) > this.mask + 1) this.grow(slotsFor(expected));
  }

  get size(): number {
    return this.count;
  }

  /** Adds the key (three 32-bit words, well mixed); false when it was there already. */
  add(a: number, b: number, c: number): boolean {
    // All zero marks an empty slot; the one key that is all zero shares a slot with (1, 0, 0), a 2⁻⁹⁶ chance.
    if ((a | b | c) === 0) a = 1;
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    const keys = this.keys;
    for (let s = a & this.mask; ; s = (s + 1) & this.mask) {
      const at = s * 3;
      const k = keys[at]!;
      if (k === 0 && keys[at + 1] === 0 && keys[at + 2] === 0) break;
      if (k === a && keys[at + 1] === b && keys[at + 2] === c) return false;
    }
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow((this.mask + 1) * 2);
    this.put(a, b, c);
    this.count++;
    return true;
  }

  private put(a: number, b: number, c: number): void {
    const keys = this.keys;
    let s = a & this.mask;
    while (keys[s * 3] !== 0 || keys[s * 3 + 1] !== 0 || keys[s * 3 + 2] !== 0) s = (s + 1) & this.mask;
    keys[s * 3] = a;
    keys[s * 3 + 1] = b;
    keys[s * 3 + 2] = c;
  }

  private grow(slots: number): void {
    const old = this.keys;
    this.keys = new Uint32Array(slots * 3);
    this.mask = slots - 1;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at] !== 0 || old[at + 1] !== 0 || old[at + 2] !== 0)
        this.put(old[at]!, old[at + 1]!, old[at + 2]!);
    }
  }
}

/** Slots (a power of two) to hold `keys` at most 3/4 full. */
function slotsFor(keys: number): number {
  let slots = 1024;
  while (slots * 3 < keys * 4) slots *= 2;
  return slots;
}

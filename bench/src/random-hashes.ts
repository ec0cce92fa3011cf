/**
 * Random hashes for the index benchmarks, fast enough to make ten million of them (crypto.randomBytes
 * per hash would take longer than the index under test) and reproducible: the same seed gives the same
 * sequence, so a check can regenerate it instead of keeping every hash in memory.
 */
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export class RandomHashes {
  // xorshift128: statistically fine for test data, and cheap.
  private a: number;
  private b = 0x2545f491;
  private c = 0x9e3779b9;
  private d = 0x6a09e667;

  constructor(seed: number) {
    this.a = seed | 1;
  }

  word(): number {
    const t = this.a ^ (this.a << 11);
    this.a = this.b;
    this.b = this.c;
    this.c = this.d;
    this.d = this.d ^ (this.d >>> 19) ^ t ^ (t >>> 8);
    return this.d >>> 0;
  }

  /** Fills `out` with random words. */
  words(out: Uint32Array): Uint32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.word();
    return out;
  }

  /** A random hash of `words` 32-bit words, as lower-case hex. */
  hex(words: number): string {
    let hex = '';
    for (let i = 0; i < words; i++) hex += wordHex(this.word());
    return hex;
  }

  /** `words` (8 for PDQ) with `bits` distinct random bits inverted, as hex. */
  flipped(words: Uint32Array, bits: number): string {
    const copy = words.slice();
    const chosen = new Set<number>();
    while (chosen.size < bits) chosen.add(this.word() % (copy.length * 32));
    for (const bit of chosen) copy[bit >>> 5]! ^= 1 << (bit & 31);
    return toHex(copy);
  }
}

function wordHex(w: number): string {
  return BYTE_HEX[w >>> 24]! + BYTE_HEX[(w >>> 16) & 255]! + BYTE_HEX[(w >>> 8) & 255]! + BYTE_HEX[w & 255]!;
}

export function toHex(words: Uint32Array): string {
  let hex = '';
  for (const w of words) hex += wordHex(w);
  return hex;
}

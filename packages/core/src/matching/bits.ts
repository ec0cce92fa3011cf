/** Bits set in a 32-bit word. SWAR, because JavaScript has no popcount instruction. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

// Hex digit values by character code; -1 for anything else.
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/**
 * Reads `hex` (exactly 8 × `words` hex digits, either case) into out[at … at + words), each word big-endian.
 * Throws, naming `what`, on anything else; `out` may then hold a partial value.
 */
export function readHexWords(hex: string, words: number, out: Uint32Array, at: number, what: string): void {
  if (typeof hex !== 'string' || hex.length !== words * 8) throw badHex(hex, words, what);
  for (let w = 0; w < words; w++) {
    let word = 0;
    for (let c = w * 8, end = c + 8; c < end; c++) {
      const code = hex.charCodeAt(c);
      const value = code < 128 ? HEX_VALUE[code]! : -1;
      if (value < 0) throw badHex(hex, words, what);
      word = (word << 4) | value;
    }
    out[at + w] = word >>> 0;
  }
}

/** Writes `hex` (an even number of hex digits, already checked) as bytes into out[at …). */
export function writeHexBytes(hex: string, out: Uint8Array, at: number): void {
  for (let c = 0; c < hex.length; c += 2)
    out[at++] = (HEX_VALUE[hex.charCodeAt(c)]! << 4) | HEX_VALUE[hex.charCodeAt(c + 1)]!;
}

function badHex(hex: unknown, words: number, what: string): Error {
  const shown =
    typeof hex === 'string' ? JSON.stringify(hex.length > 80 ? `${hex.slice(0, 80)}…` : hex) : typeof hex;
  return new Error(`${what} must be ${words * 8} hexadecimal characters, got ${shown}`);
}

/** Entry ids are stored in Uint32Arrays. */
export function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
    throw new RangeError(`id must be an integer from 0 to 4294967295, got ${id}`);
  }
}

/**
 * Hamming distance between the 256-bit values a[at … at + 8) and b[0 … 8), or -1 when it exceeds `max`.
 * Random pairs differ in about 128 bits, so the first half alone rejects nearly all of them: checking only
 * there keeps the branch predictable, which lets the CPU overlap the memory reads of successive calls.
 */
export function distance256(a: Uint32Array, at: number, b: Uint32Array, max: number): number {
  let d =
    popcount32(a[at]! ^ b[0]!) +
    popcount32(a[at + 1]! ^ b[1]!) +
    popcount32(a[at + 2]! ^ b[2]!) +
    popcount32(a[at + 3]! ^ b[3]!);
  if (d > max) return -1;
  d +=
    popcount32(a[at + 4]! ^ b[4]!) +
    popcount32(a[at + 5]! ^ b[5]!) +
    popcount32(a[at + 6]! ^ b[6]!) +
    popcount32(a[at + 7]! ^ b[7]!);
  return d > max ? -1 : d;
}

/**
 * PDQ hashes as text: 64 lowercase hex digits. Bit k (coefficient row k >> 4, column k & 15) is bit
 * k & 15 of 16-bit word k >> 4, and the words are written from 15 down to 0, as the reference prints them.
 */
const HEX_DIGITS = 64;
const WORDS = 16;

/** Sets a bit for each coefficient above the median of all 256 (the reference's Torben median, i.e. the 128th smallest). */
export function hashFromCoefficients(
  coefficients: Float32Array,
  sorted: Float32Array,
  words: Uint16Array,
): string {
  sorted.set(coefficients);
  sorted.sort();
  const median = sorted[127]!;
  words.fill(0);
  for (let k = 0; k < 256; k++) if (coefficients[k]! > median) words[k >> 4]! |= 1 << (k & 15);
  let text = '';
  for (let w = WORDS - 1; w >= 0; w--) text += words[w]!.toString(16).padStart(4, '0');
  return text;
}

/** The hash of an image too small to hash: all bits clear (quality 0), as the reference returns. */
export const EMPTY_PDQ_HASH = '0'.repeat(HEX_DIGITS);

const PDQ_PATTERN = /^[0-9a-f]{64}$/i;

export function isPdqHash(text: string): boolean {
  return PDQ_PATTERN.test(text);
}

/** Number of differing bits between two PDQ hashes (0–256); ≤ 31 is Meta's match threshold. */
export function pdqHammingDistance(a: string, b: string): number {
  if (!isPdqHash(a) || !isPdqHash(b)) throw new TypeError('PDQ hashes are 64 hexadecimal digits');
  let distance = 0;
  // Eight 32-bit chunks: parseInt is exact up to 2^53, and >>> 0 keeps XOR unsigned.
  for (let at = 0; at < HEX_DIGITS; at += 8) {
    let x = (parseInt(a.slice(at, at + 8), 16) ^ parseInt(b.slice(at, at + 8), 16)) >>> 0;
    for (; x; distance++) x &= x - 1;
  }
  return distance;
}

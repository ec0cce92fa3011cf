import type { SeededRandom } from '../../src/demo/random.ts';

// Test helpers kept apart from the code under test: distances by nibble lookup on the hex text itself.
const NIBBLE_BITS = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];
const NIBBLE = new Map([...'0123456789abcdef'].map((c, i) => [c.charCodeAt(0), i]));

/** Bits that differ between two lower-case hex strings of equal length. */
export function hexDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++)
    d += NIBBLE_BITS[NIBBLE.get(a.charCodeAt(i))! ^ NIBBLE.get(b.charCodeAt(i))!]!;
  return d;
}

export function randomHex(random: SeededRandom, digits = 64): string {
  let hex = '';
  for (let i = 0; i < digits; i++) hex += random.int(0, 15).toString(16);
  return hex;
}

/** `hex` with `bits` distinct, randomly chosen bits inverted: exactly that far from it. */
export function flipBits(random: SeededRandom, hex: string, bits: number): string {
  const nibbles = [...hex].map((c) => parseInt(c, 16));
  const chosen = new Set<number>();
  while (chosen.size < bits) chosen.add(random.int(0, hex.length * 4 - 1));
  for (const bit of chosen) nibbles[bit >> 2]! ^= 1 << (bit & 3);
  return nibbles.map((n) => n.toString(16)).join('');
}

/**
 * `hex` with `bits` bits inverted at evenly spaced positions (from a random start): every part of the hash
 * differs a little, the hardest case for an index that probes parts of hashes, where random flips leave some
 * part untouched.
 */
export function spreadFlips(random: SeededRandom, hex: string, bits: number): string {
  const nibbles = [...hex].map((c) => parseInt(c, 16));
  const start = random.int(0, 255);
  for (let i = 0; i < bits; i++) {
    const bit = (start + Math.floor((i * 256) / bits)) % 256;
    nibbles[bit >> 2]! ^= 1 << (bit & 3);
  }
  return nibbles.map((n) => n.toString(16)).join('');
}

/**
 * `hex` with `bits` bits inverted, dealt out in turn to the `parts` parts of `width` bits starting every
 * `stride` bits: an index that probes those parts finds it only if it probes as far as the pigeonhole
 * principle says it must (⌊bits / parts⌋ in each part), not one bit less.
 */
export function evenFlips(
  random: SeededRandom,
  hex: string,
  bits: number,
  layout: { parts: number; stride: number; width: number },
): string {
  const nibbles = [...hex].map((c) => parseInt(c, 16));
  const chosen = new Set<number>();
  for (let i = 0; i < bits; i++) {
    const start = (i % layout.parts) * layout.stride;
    let bit: number;
    do bit = start + random.int(0, layout.width - 1);
    while (chosen.has(bit));
    chosen.add(bit);
    // Bit i of the index is bit i % 32 of the (i / 32)-th eight-digit big-endian word of the hex.
    nibbles[(bit >> 5) * 8 + 7 - ((bit & 31) >> 2)]! ^= 1 << (bit & 3);
  }
  return nibbles.map((n) => n.toString(16)).join('');
}

/** What an exact search must return: every stored hash within maxDistance, nearest first, then by id. */
export function bruteForce(stored: Map<number, string>, query: string, maxDistance: number) {
  const matches: { id: number; distance: number }[] = [];
  for (const [id, hex] of stored) {
    const distance = hexDistance(hex.toLowerCase(), query.toLowerCase());
    if (distance <= maxDistance) matches.push({ id, distance });
  }
  return matches.sort((a, b) => a.distance - b.distance || a.id - b.id);
}

/** Number of `bits`-bit values within Hamming distance `radius` of a given one: Σ C(bits, k) for k ≤ radius. */
export function ballSize(bits: number, radius: number): number {
  let total = 0;
  let choose = 1;
  for (let k = 0; k <= Math.min(radius, bits); k++) {
    total += choose;
    choose = (choose * (bits - k)) / (k + 1);
  }
  return total;
}

const cache = new Map<string, Uint32Array>();

/**
 * Every `bits`-bit mask with at most `radius` bits set. XORed with a key, they enumerate the keys within
 * `radius` of it. Cached: an index asks for the same few (bits, radius) pairs on every search.
 */
export function ballMasks(bits: number, radius: number): Uint32Array {
  const name = `${bits}/${radius}`;
  let masks = cache.get(name);
  if (!masks) {
    masks = new Uint32Array(ballSize(bits, radius));
    let n = 0;
    const extend = (mask: number, lowestFree: number, left: number) => {
      masks![n++] = mask >>> 0;
      if (left === 0) return;
      for (let bit = lowestFree; bit < bits; bit++) extend(mask | (1 << bit), bit + 1, left - 1);
    };
    extend(0, 0, Math.min(radius, bits));
    cache.set(name, masks);
  }
  return masks;
}

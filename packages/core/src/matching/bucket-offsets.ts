/**
 * Where each bucket of a CSR table starts, in about 1.25 bytes per bucket instead of 4: the start of every
 * group of 16 buckets, plus each bucket's size. A bucket's start is its group's start plus the sizes of the
 * buckets before it in the group, all in one cache line. Sizes are bytes unless some bucket holds more than
 * 255 entries (many copies of one hash); that table then keeps wider sizes.
 */
export const GROUP_BITS = 4;

export interface BucketOffsets {
  groupStarts: Uint32Array;
  sizes: Uint8Array | Uint16Array | Uint32Array;
}

/** Packs `starts` (bucket b's entries are starts[b] … starts[b + 1]; a multiple of 16 buckets, plus one). */
export function packOffsets(starts: Uint32Array): BucketOffsets {
  const buckets = starts.length - 1;
  let largest = 0;
  for (let b = 0; b < buckets; b++) {
    const size = starts[b + 1]! - starts[b]!;
    if (size > largest) largest = size;
  }
  const sizes =
    largest <= 0xff
      ? new Uint8Array(buckets)
      : largest <= 0xffff
        ? new Uint16Array(buckets)
        : new Uint32Array(buckets);
  for (let b = 0; b < buckets; b++) sizes[b] = starts[b + 1]! - starts[b]!;
  const groupStarts = new Uint32Array(buckets >>> GROUP_BITS);
  for (let g = 0; g < groupStarts.length; g++) groupStarts[g] = starts[g << GROUP_BITS]!;
  return { groupStarts, sizes };
}

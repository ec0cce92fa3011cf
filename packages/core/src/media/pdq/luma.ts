/**
 * Luminance as the PDQ reference computes it: Y = 0.299 R + 0.587 G + 0.114 B in single precision, each
 * product rounded to float before the sums (bit-exactness depends on it). Grey images keep their value.
 */
// Float64Array, though each entry is a float: reading it needs no float-to-double conversion.
const productTable = (coefficient: number) =>
  Float64Array.from({ length: 256 }, (_, value) => Math.fround(Math.fround(coefficient) * value));

// Per-channel products of every byte value: one lookup instead of one multiplication per pixel.
const RED = productTable(0.299);
const GREEN = productTable(0.587);
const BLUE = productTable(0.114);

/** Pixels as given: width × height, `channels` interleaved bytes per pixel, row-major. */
export interface PixelLayout {
  width: number;
  height: number;
  channels: number;
}

/** The source of each of `outSize` samples along `size`: ⌊i · size / outSize⌋ (CImg's nearest neighbour). */
function nearest(size: number, outSize: number, scale: number): Int32Array {
  return Int32Array.from({ length: outSize }, (_, i) => Math.floor((i * size) / outSize) * scale);
}

/**
 * Fills `luma` (outWidth × outHeight, row-major) from interleaved 8-bit pixels: 1 channel (grey), 2 (grey
 * and alpha), 3 (RGB) or 4 (RGBA); alpha is ignored, as the reference drops it. A different output size
 * resizes by nearest neighbour, aspect ignored, as the reference squashes large images (CImg's resize).
 */
export function fillLuma(
  pixels: Uint8Array,
  { width, height, channels }: PixelLayout,
  luma: Float32Array,
  outWidth: number,
  outHeight: number,
): void {
  if (channels < 1 || channels > 4 || !Number.isInteger(channels))
    throw new RangeError(`PDQ: ${channels} channels per pixel (expected 1 to 4)`);
  if (pixels.length < width * height * channels)
    throw new RangeError(`PDQ: ${pixels.length} bytes for ${width}×${height} pixels of ${channels} channels`);
  const rows = nearest(height, outHeight, width * channels);
  const cols = nearest(width, outWidth, channels);
  for (let y = 0, p = 0; y < outHeight; y++) {
    const row = rows[y]!;
    if (channels <= 2) {
      for (let x = 0; x < outWidth; x++, p++) luma[p] = pixels[row + cols[x]!]!;
      continue;
    }
    for (let x = 0; x < outWidth; x++, p++) {
      const i = row + cols[x]!;
      luma[p] = Math.fround(RED[pixels[i]!]! + GREEN[pixels[i + 1]!]!) + BLUE[pixels[i + 2]!]!;
    }
  }
}

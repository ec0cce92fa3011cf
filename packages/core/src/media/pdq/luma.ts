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

/**
 * Fills `luma` (row-major, width × height) from interleaved 8-bit pixels: 1 channel (grey), 2 (grey and
 * alpha), 3 (RGB) or 4 (RGBA). Alpha is ignored, as the reference drops it.
 */
export function fillLuma(pixels: Uint8Array, pixelCount: number, channels: number, luma: Float32Array): void {
  if (channels < 1 || channels > 4 || !Number.isInteger(channels))
    throw new RangeError(`PDQ: ${channels} channels per pixel (expected 1 to 4)`);
  if (pixels.length < pixelCount * channels)
    throw new RangeError(`PDQ: ${pixels.length} bytes for ${pixelCount} pixels of ${channels} channels`);
  if (channels <= 2) {
    for (let p = 0, i = 0; p < pixelCount; p++, i += channels) luma[p] = pixels[i]!;
    return;
  }
  for (let p = 0, i = 0; p < pixelCount; p++, i += channels) {
    luma[p] = Math.fround(RED[pixels[i]!]! + GREEN[pixels[i + 1]!]!) + BLUE[pixels[i + 2]!]!;
  }
}

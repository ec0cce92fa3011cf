/**
 * PDQ, Meta's perceptual hash for photos: luminance → Jarosz filter → 64×64 downsample → quality score
 * → 16×16 DCT coefficients → one bit per coefficient above their median. A port of the C++ reference
 * (ThreatExchange pdq/cpp), bit-exact given the same pixels.
 */
import { dct64To16 } from './dct.ts';
import { PDQ_DIHEDRAL_TRANSFORMS, transformCoefficients, type PdqDihedralTransform } from './dihedral.ts';
import { EMPTY_PDQ_HASH, hashFromCoefficients } from './hash-text.ts';
import { jaroszDownsample } from './jarosz.ts';
import { fillLuma } from './luma.ts';
import { pdqQuality } from './quality.ts';

export interface PdqHash {
  /** 64 lowercase hex digits. */
  hash: string;
  /** 0–100; under 50 the hash is unreliable. */
  quality: number;
}

export interface PdqDihedralHashes {
  /** The hash of each rotation and flip; `orig` is the image as given. */
  hashes: Record<PdqDihedralTransform, string>;
  quality: number;
}

/** The reference hashes nothing smaller than this along either axis (quality 0, all bits clear). */
export const PDQ_MIN_DIMENSION = 5;
/** Pixels larger than this along either side are first squashed to it along both, as the reference does. */
export const PDQ_SQUASH_SIZE = 512;
/** Meta's threshold: hashes of lower quality are unreliable. */
export const PDQ_MIN_USEFUL_QUALITY = 50;
/** Hashes at most this many bits apart are taken to show the same picture. */
export const PDQ_MATCH_DISTANCE = 31;

const DOWNSAMPLED = 64;

// Buffers reused from call to call (JavaScript runs one call at a time per thread); the full-size pair
// grows to the largest image seen.
let image = new Float32Array(0);
let scratch = new Float32Array(0);
const image64 = new Float32Array(DOWNSAMPLED * DOWNSAMPLED);
const dct16x64 = new Float32Array(16 * DOWNSAMPLED);
const coefficients = new Float32Array(256);
const transformed = new Float32Array(256);
const sorted = new Float32Array(256);
const words = new Uint16Array(16);

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0)
    throw new RangeError(`PDQ: invalid image size ${width}×${height}`);
}

function lumaBuffer(pixelCount: number): Float32Array {
  if (image.length < pixelCount) {
    image = new Float32Array(pixelCount);
    scratch = new Float32Array(pixelCount);
  }
  return image;
}

/** Downsamples `luma` (in the shared buffer, or a 64×64 image as is), fills `coefficients`, returns the quality. */
function analyse(luma: Float32Array, width: number, height: number): number {
  if (width === DOWNSAMPLED && height === DOWNSAMPLED) {
    // Already the working size (e.g. a video frame scaled by the decoder): no blur, as in the reference.
    image64.set(luma.subarray(0, DOWNSAMPLED * DOWNSAMPLED));
  } else {
    const blurred = lumaBuffer(width * height);
    if (blurred !== luma) blurred.set(luma.subarray(0, width * height));
    jaroszDownsample(blurred, scratch, height, width, image64, DOWNSAMPLED, DOWNSAMPLED);
  }
  const quality = pdqQuality(image64);
  dct64To16(image64, dct16x64, coefficients);
  return quality;
}

function tooSmall(width: number, height: number): boolean {
  return width < PDQ_MIN_DIMENSION || height < PDQ_MIN_DIMENSION;
}

/** PDQ of a luminance image (width × height floats, row-major, 0–255). `luma` is left unchanged. */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqHash {
  checkSize(width, height);
  if (luma.length < width * height) throw new RangeError(`PDQ: ${luma.length} values for ${width}×${height}`);
  if (tooSmall(width, height)) return { hash: EMPTY_PDQ_HASH, quality: 0 };
  const quality = analyse(luma, width, height);
  return { hash: hashFromCoefficients(coefficients, sorted, words), quality };
}

interface Luma {
  luma: Float32Array;
  width: number;
  height: number;
}

/** Fills the shared luma buffer from 8-bit pixels, squashed when large; see fillLuma for the layouts. */
function lumaFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): Luma {
  checkSize(width, height);
  const large = width > PDQ_SQUASH_SIZE || height > PDQ_SQUASH_SIZE;
  const [outWidth, outHeight] = large ? [PDQ_SQUASH_SIZE, PDQ_SQUASH_SIZE] : [width, height];
  const luma = lumaBuffer(outWidth * outHeight);
  fillLuma(pixels, { width, height, channels }, luma, outWidth, outHeight);
  return { luma, width: outWidth, height: outHeight };
}

/**
 * PDQ of interleaved 8-bit pixels, row-major: 1 channel (grey), 2 (grey, alpha), 3 (RGB) or 4 (RGBA).
 * Alpha is ignored, and pixels larger than 512 along either side are first squashed to 512×512 (nearest
 * neighbour, aspect ignored), as the reference does with an image file.
 */
export function pdqFromPixels(pixels: Uint8Array, width: number, height: number, channels: number): PdqHash {
  const { luma, ...size } = lumaFromPixels(pixels, width, height, channels);
  if (tooSmall(width, height)) return { hash: EMPTY_PDQ_HASH, quality: 0 };
  const quality = analyse(luma, size.width, size.height);
  return { hash: hashFromCoefficients(coefficients, sorted, words), quality };
}

/** The hashes of the 8 rotations and flips of an image, from one DCT; see pdqFromPixels for the layout. */
export function pdqDihedralFromPixels(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
): PdqDihedralHashes {
  const { luma, ...size } = lumaFromPixels(pixels, width, height, channels);
  const hashes = {} as Record<PdqDihedralTransform, string>;
  if (tooSmall(width, height)) {
    for (const transform of PDQ_DIHEDRAL_TRANSFORMS) hashes[transform] = EMPTY_PDQ_HASH;
    return { hashes, quality: 0 };
  }
  const quality = analyse(luma, size.width, size.height);
  for (const transform of PDQ_DIHEDRAL_TRANSFORMS) {
    transformCoefficients(coefficients, transform, transformed);
    hashes[transform] = hashFromCoefficients(transformed, sorted, words);
  }
  return { hashes, quality };
}

/**
 * Decoding an image to the pixels PDQ hashes. Larger than 512 px along either axis, PDQ squashes them to
 * 512×512 (nearest neighbour, aspect ignored) as the C++ reference does, so only the largest are squashed
 * here. Unlike the reference, the EXIF orientation is applied first, so a photo hashes as it is shown.
 */
import { decodeNetpbm, isNetpbm, PDQ_SQUASH_SIZE, type DecodedPixels } from '@sinag/core';
import sharp, { type Sharp } from 'sharp';
import { rgbFromCmyk } from './cmyk.ts';

/**
 * Up to this many pixels (about 1.3 megapixels), an image is decoded at full size and PDQ squashes it, at
 * the reference's sampling positions: cheaper than libvips' resize, which also samples half a step
 * further on. Beyond it, copying the full-size pixels out of libvips costs more, so libvips squashes, and
 * shrinks large JPEGs while decoding.
 */
const FULL_SIZE_DECODE_PIXELS = 1280 * 1024;

/** The formats hashed with PDQ (sharp's names). SVG is left out: it is drawn, not photographed. */
const PHOTO_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

type Space = 'b-w' | 'srgb' | 'cmyk';

/** 8-bit grey, sRGB or CMYK (converted here, see cmyk.ts), alpha dropped as the reference drops it. */
async function toPixels(image: Sharp, width: number, height: number, space: Space): Promise<DecodedPixels> {
  const large = width > PDQ_SQUASH_SIZE || height > PDQ_SQUASH_SIZE;
  if (large && width * height > FULL_SIZE_DECODE_PIXELS) {
    // libvips shrinks JPEGs while decoding (DCT scaling) before the nearest-neighbour step: much faster
    // on large photos, and within a few bits of the reference's point sampling (see docs/hashing.md).
    image.resize(PDQ_SQUASH_SIZE, PDQ_SQUASH_SIZE, { fit: 'fill', kernel: 'nearest' });
  }
  if (space === 'cmyk') image.pipelineColourspace('cmyk');
  const { data, info } = await image
    .toColourspace(space)
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const size = { width: info.width, height: info.height };
  if (space === 'cmyk' && info.channels === 4)
    return { pixels: rgbFromCmyk(data, size.width * size.height), ...size, channels: 3 };
  if (info.channels !== 1 && info.channels !== 3)
    throw new Error(`unexpected ${info.channels} channels after decoding`);
  return { pixels: data, ...size, channels: info.channels };
}

function workingSpace(space: string, hasProfile: boolean): Space {
  // With its own colour profile a CMYK image is converted by libvips with it; without one, as ImageMagick.
  if (space === 'cmyk') return hasProfile ? 'srgb' : 'cmyk';
  return space === 'b-w' || space === 'grey16' ? 'b-w' : 'srgb';
}

/**
 * The pixels to hash with pdqFromPixels from an image file's bytes (JPEG, PNG, WebP, GIF's first frame,
 * TIFF, AVIF/HEIF, PGM/PPM). Throws an Error saying why for a corrupt or unsupported file.
 */
export async function decodeForPdq(bytes: Uint8Array): Promise<DecodedPixels> {
  if (isNetpbm(bytes)) {
    // libvips as shipped with sharp cannot read Netpbm; core's exact decoder can.
    return decodeNetpbm(bytes);
  }
  // failOn 'error': a truncated JPEG still decodes (as viewers show it), a garbled one does not.
  const image = sharp(bytes, { failOn: 'error', autoOrient: true, sequentialRead: true });
  const { format, width, height, space, icc } = await image.metadata();
  if (!PHOTO_FORMATS.has(format)) throw new Error(`unsupported image format: ${format}`);
  return toPixels(image, width, height, workingSpace(space, icc !== undefined));
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeNetpbm,
  EMPTY_PDQ_HASH,
  type DecodedPixels,
  PDQ_DIHEDRAL_TRANSFORMS,
  pdqDihedralFromPixels,
  pdqFromLuma,
  pdqFromPixels,
  pdqHammingDistance,
  type PdqDihedralTransform,
} from '../../src/index.ts';
import { jaroszWindowSize } from '../../src/media/pdq/jarosz.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/pdq');

function csvRows(name: string): string[][] {
  return readFileSync(path.join(FIXTURES, name), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

function netpbm(relative: string): DecodedPixels {
  return decodeNetpbm(readFileSync(path.join(FIXTURES, 'images', relative)));
}

/** An image with `channels` channels built from an RGB image by `pixel`. */
function rechannel(image: DecodedPixels, channels: number, pixel: (rgb: number[]) => number[]): Uint8Array {
  const count = image.width * image.height;
  const out = new Uint8Array(count * channels);
  for (let p = 0; p < count; p++) {
    out.set(
      pixel(Array.from(image.pixels.subarray(p * image.channels, (p + 1) * image.channels))),
      p * channels,
    );
  }
  return out;
}

/** The pixels of `image` rotated or flipped, with the new width and height. */
function transformPixels(image: DecodedPixels, transform: PdqDihedralTransform) {
  const { width: w, height: h, channels: c } = image;
  const transposed = ['rot90', 'rot270', 'flipplus1', 'flipminus1'].includes(transform);
  const [outW, outH] = transposed ? [h, w] : [w, h];
  // For each output pixel (x, y), its source pixel. As in the reference, rot90 turns counter-clockwise,
  // flipx mirrors top to bottom, flipplus1 mirrors about the main diagonal.
  const source: Record<PdqDihedralTransform, (x: number, y: number) => [number, number]> = {
    orig: (x, y) => [x, y],
    rot90: (x, y) => [w - 1 - y, x],
    rot180: (x, y) => [w - 1 - x, h - 1 - y],
    rot270: (x, y) => [y, h - 1 - x],
    flipx: (x, y) => [x, h - 1 - y],
    flipy: (x, y) => [w - 1 - x, y],
    flipplus1: (x, y) => [y, x],
    flipminus1: (x, y) => [w - 1 - y, h - 1 - x],
  };
  const pixels = new Uint8Array(image.pixels.length);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const [sx, sy] = source[transform](x, y);
      const from = (sy * w + sx) * c;
      pixels.set(image.pixels.subarray(from, from + c), (y * outW + x) * c);
    }
  }
  return { pixels, width: outW, height: outH };
}

describe('PDQ against the C++ reference', () => {
  it.each(csvRows('pixel-exact-reference.csv'))('%s is bit-exact', (file, hash, quality) => {
    const image = netpbm(file!);
    expect(pdqFromPixels(image.pixels, image.width, image.height, image.channels)).toEqual({
      hash,
      quality: Number(quality),
    });
  });
});

describe('PDQ of pixels larger than 512×512', () => {
  // Where the reference (CImg's nearest-neighbour resize) samples output pixel i of 512 from n: ⌊i · n / 512⌋.
  const sampled = (n: number) => new Set(Array.from({ length: 512 }, (_, i) => Math.floor((i * n) / 512)));

  it('squashes them to 512×512 by sampling where the reference samples', () => {
    const image = netpbm('ppm/sq512.ppm');
    const [width, height] = [640, 700];
    const [cols, rows] = [[...sampled(width)], [...sampled(height)]];
    // The fixture's pixels at the sampled places and a pattern everywhere else: only sampling exactly
    // there gives the fixture's reference hash back.
    const pixels = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 7) % 256);
    rows.forEach((y, i) =>
      cols.forEach((x, j) =>
        pixels.set(image.pixels.subarray((i * 512 + j) * 3, (i * 512 + j + 1) * 3), (y * width + x) * 3),
      ),
    );
    const [, hash, quality] = csvRows('pixel-exact-reference.csv').find(
      ([file]) => file === 'ppm/sq512.ppm',
    )!;
    expect(pdqFromPixels(pixels, width, height, 3)).toEqual({ hash, quality: Number(quality) });
  });
});

describe('PDQ channels and input forms', () => {
  const rgb = netpbm('ppm/q0122.ppm');
  const grey = netpbm('ppm/gray-q2821.pgm');
  const expected = pdqFromPixels(rgb.pixels, rgb.width, rgb.height, 3);

  it('ignores alpha in RGBA pixels', () => {
    const rgba = rechannel(rgb, 4, ([r, g, b]) => [r!, g!, b!, (r! * 7) % 256]);
    expect(pdqFromPixels(rgba, rgb.width, rgb.height, 4)).toEqual(expected);
  });

  it('takes grey values as luminance, with or without alpha, and as floats', () => {
    const greyHash = pdqFromPixels(grey.pixels, grey.width, grey.height, 1);
    const greyAlpha = rechannel(grey, 2, ([v]) => [v!, 255 - v!]);
    expect(pdqFromPixels(greyAlpha, grey.width, grey.height, 2)).toEqual(greyHash);
    expect(pdqFromLuma(Float32Array.from(grey.pixels), grey.width, grey.height)).toEqual(greyHash);
  });

  it('gives a grey image in RGB form nearly the hash of its grey form (luma rounding aside)', () => {
    const asRgb = rechannel(grey, 3, ([v]) => [v!, v!, v!]);
    const greyHash = pdqFromPixels(grey.pixels, grey.width, grey.height, 1);
    expect(
      pdqHammingDistance(pdqFromPixels(asRgb, grey.width, grey.height, 3).hash, greyHash.hash),
    ).toBeLessThanOrEqual(2);
  });

  it.each([
    ['0 channels', new Uint8Array(75), 5, 5, 0],
    ['5 channels', new Uint8Array(125), 5, 5, 5],
    ['too few bytes', new Uint8Array(74), 5, 5, 3],
    ['a fractional width', new Uint8Array(75), 5.5, 5, 3],
  ])('rejects %s', (_case, pixels, width, height, channels) => {
    expect(() => pdqFromPixels(pixels, width, height, channels)).toThrow(RangeError);
  });
});

describe('PDQ of small and flat images', () => {
  // Stripes: plenty of structure, so only the size can make the quality 0.
  const stripes = (width: number, height: number) =>
    Uint8Array.from({ length: width * height }, (_, i) => (Math.floor((i % width) / 2) % 2) * 255);

  it.each([
    [4, 100],
    [100, 4],
    [1, 1],
    [0, 0],
  ])('a %i×%i image is too small: all bits clear, quality 0 (as the reference)', (width, height) => {
    expect(pdqFromPixels(stripes(width, height), width, height, 1)).toEqual({
      hash: EMPTY_PDQ_HASH,
      quality: 0,
    });
    const dihedral = pdqDihedralFromPixels(stripes(width, height), width, height, 1);
    expect(dihedral.quality).toBe(0);
    expect(new Set(Object.values(dihedral.hashes))).toEqual(new Set([EMPTY_PDQ_HASH]));
  });

  it('hashes a 5×5 image', () => {
    const { hash, quality } = pdqFromPixels(stripes(5, 5), 5, 5, 1);
    expect(hash).not.toBe(EMPTY_PDQ_HASH);
    expect(quality).toBeGreaterThan(0);
  });

  it('gives a flat image quality 0', () => {
    expect(pdqFromPixels(new Uint8Array(300 * 200).fill(128), 300, 200, 1).quality).toBe(0);
  });
});

describe('PDQ rotations and flips', () => {
  const image = netpbm('ppm/sq512.ppm');
  const { hashes, quality } = pdqDihedralFromPixels(image.pixels, image.width, image.height, 3);

  it('gives the plain hash and quality as orig', () => {
    expect({ hash: hashes.orig, quality }).toEqual(pdqFromPixels(image.pixels, image.width, image.height, 3));
  });

  it.each(PDQ_DIHEDRAL_TRANSFORMS.filter((t) => t !== 'orig'))(
    '%s from the coefficients matches hashing the transformed pixels, and no other variant does',
    (transform) => {
      const moved = transformPixels(image, transform);
      const direct = pdqFromPixels(moved.pixels, moved.width, moved.height, 3).hash;
      // Not bit-exact: the box filter and centre sampling are slightly asymmetric, so mirrored pixels
      // are sampled a pixel or two off; the transpose alone is exact.
      const distance = (t: PdqDihedralTransform) => pdqHammingDistance(hashes[t], direct);
      expect(distance(transform)).toBeLessThanOrEqual(transform === 'flipplus1' ? 0 : 31);
      for (const other of PDQ_DIHEDRAL_TRANSFORMS.filter((t) => t !== transform))
        expect(distance(other), other).toBeGreaterThan(90);
    },
  );
});

describe('jaroszWindowSize', () => {
  it.each([
    [64, 1],
    [128, 1],
    [129, 2],
    [512, 4],
    [1004, 8],
    [1600, 13],
  ])('%i px to 64: a window of %i', (size, window) => {
    expect(jaroszWindowSize(size, 64)).toBe(window);
  });
});

describe('pdqHammingDistance', () => {
  const reference = csvRows('reference-hashes.csv')[0]![1]!;
  const flipped = (hex: string, digit: number, mask: number) =>
    hex.slice(0, digit) + (parseInt(hex[digit]!, 16) ^ mask).toString(16) + hex.slice(digit + 1);

  it.each([
    ['identical', reference, reference, 0],
    ['one bit in the first digit', reference, flipped(reference, 0, 8), 1],
    ['one bit in the last digit', reference, flipped(reference, 63, 1), 1],
    ['four bits of one digit', reference, flipped(reference, 31, 15), 4],
    ['upper and lower case', reference, reference.toUpperCase(), 0],
    ['all bits', '0'.repeat(64), 'f'.repeat(64), 256],
  ])('%s: %#', (_case, a, b, distance) => {
    expect(pdqHammingDistance(a, b)).toBe(distance);
    expect(pdqHammingDistance(b, a)).toBe(distance);
  });

  it.each([['abc'], ['g'.repeat(64)], ['0'.repeat(65)], ['']])('rejects %j', (bad) => {
    expect(() => pdqHammingDistance(bad, reference)).toThrow(TypeError);
  });

  it('counts the haystack hashes against each other as the bits differ', () => {
    const [a, b] = readFileSync(path.join(FIXTURES, 'haystack.txt'), 'utf8').split('\n');
    let bits = 0;
    for (let i = 0; i < 64; i++) {
      let x = parseInt(a![i]!, 16) ^ parseInt(b![i]!, 16);
      for (; x; x >>= 1) bits += x & 1;
    }
    expect(pdqHammingDistance(a!, b!)).toBe(bits);
  });
});

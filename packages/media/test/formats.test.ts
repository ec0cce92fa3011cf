import { pdqHammingDistance } from '@sinag/core';
import { readFileSync } from 'node:fs';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashBytes, type FileHashes } from '../src/index.ts';
import { fixtureImage } from './fixtures.ts';

// Variants of one photo, generated here: each must hash like the plain JPEG it came from. 800 px wide:
// above the 512 px working size, and quick to re-encode.
let ORIGINAL: Buffer;
/** Bits a re-encoding may move the hash: lossy codecs and palettes change the pixels a little. */
const CLOSE = 8;
/** Far apart: a wrongly oriented or garbled picture. */
const FAR = 64;

let plain: FileHashes;
beforeAll(async () => {
  ORIGINAL = await sharp(readFileSync(fixtureImage('modes/original.jpg')))
    .resize(800)
    .jpeg({ quality: 95 })
    .toBuffer();
  plain = await hashBytes(ORIGINAL, 'original.jpg');
  expect(plain.quality).toBe(100);
});

const encode = (build: (image: Sharp) => Sharp) => build(sharp(ORIGINAL)).toBuffer();

describe('image formats and colour modes', () => {
  it.each<[string, (image: Sharp) => Sharp]>([
    ['PNG', (i) => i.png()],
    ['RGBA PNG with half-transparent pixels', (i) => i.ensureAlpha(0.5).png()],
    ['grey PNG', (i) => i.greyscale().png()],
    ['grey and alpha PNG', (i) => i.greyscale().ensureAlpha(0.5).png()],
    ['palette PNG', (i) => i.png({ palette: true, colours: 256 })],
    ['16-bit PNG', (i) => i.toColourspace('rgb16').png()],
    // (CMYK without a profile: modes/CMYK.jpg in reference.test.ts.)
    [
      'CMYK JPEG with its colour profile',
      (i) => i.toColourspace('cmyk').withIccProfile('cmyk').jpeg({ quality: 95 }),
    ],
    ['CMYK TIFF with its colour profile', (i) => i.toColourspace('cmyk').withIccProfile('cmyk').tiff()],
    ['TIFF', (i) => i.tiff()],
    ['WebP', (i) => i.webp({ quality: 90 })],
    ['GIF', (i) => i.gif()],
    ['progressive JPEG', (i) => i.jpeg({ quality: 80, progressive: true })],
  ])('%s', async (_format, build) => {
    const hashes = await hashBytes(await encode(build));
    expect(hashes.error).toBeUndefined();
    expect(hashes.quality).toBeGreaterThanOrEqual(95);
    expect(pdqHammingDistance(hashes.pdq!, plain.pdq!)).toBeLessThanOrEqual(CLOSE);
  });

  it('hashes the first frame of an animated GIF', async () => {
    const frames = await Promise.all([encode((i) => i.png()), encode((i) => i.rotate(180).png())]);
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const hashes = await hashBytes(gif);
    expect(pdqHammingDistance(hashes.pdq!, plain.pdq!)).toBeLessThanOrEqual(CLOSE);
  });
});

// EXIF orientation: the stored pixels are turned and the tag says how to show them upright. The C++
// reference ignores the tag; Sinag hashes what a viewer shows.
describe('EXIF orientation', () => {
  it.each<[number, string, (image: Sharp) => Sharp]>([
    [2, 'mirrored', (i) => i.flop()],
    [3, 'upside down', (i) => i.rotate(180)],
    [4, 'mirrored top to bottom', (i) => i.flip()],
    [6, 'turned a quarter counter-clockwise', (i) => i.rotate(270)],
    [8, 'turned a quarter clockwise', (i) => i.rotate(90)],
  ])('orientation %i: pixels stored %s hash as the upright photo', async (orientation, _how, store) => {
    const stored = await encode((i) => store(i).jpeg({ quality: 95 }));
    const tagged = await sharp(stored).withMetadata({ orientation }).jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(tagged).metadata()).orientation).toBe(orientation);
    const [asStored, asShown] = await Promise.all([hashBytes(stored), hashBytes(tagged)]);
    expect(pdqHammingDistance(asShown.pdq!, plain.pdq!)).toBeLessThanOrEqual(CLOSE);
    expect(pdqHammingDistance(asStored.pdq!, plain.pdq!)).toBeGreaterThan(FAR);
  });
});

describe('files that are not images, or not readable ones', () => {
  it.each<[string, Uint8Array, string]>([
    ['garbage named .jpg', new Uint8Array(4096).fill(7), 'photo.jpg'],
    [
      'a JPEG header and nothing else',
      Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
      'photo.jpg',
    ],
    ['an SVG drawing', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'drawing.png'],
    ['a PPM with a bad size', new TextEncoder().encode('P6 0 3 255\n'), 'image.ppm'],
  ])('%s: exact hashes and an error, no PDQ', async (_case, bytes, name) => {
    const hashes = await hashBytes(bytes, name);
    expect(hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes.error).toMatch(/^could not decode the image: \S/);
    expect(hashes.pdq).toBeUndefined();
  });

  it.each<[string, Uint8Array, string, string]>([
    ['text', new TextEncoder().encode('hello'), 'notes.txt', 'other'],
    ['an MP4 header', Buffer.from('0000001c667479706d703432', 'hex'), 'clip.mp4', 'video'],
    ['a WebM header under another name', Buffer.from('1a45dfa3', 'hex'), 'clip.bin', 'video'],
  ])('%s: exact hashes only, no error', async (_case, bytes, name, kind) => {
    const hashes = await hashBytes(bytes, name);
    expect(hashes).toEqual({
      md5: expect.any(String),
      sha1: expect.any(String),
      sha256: expect.any(String),
      kind,
    });
  });
});

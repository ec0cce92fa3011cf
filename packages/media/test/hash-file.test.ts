import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileKind, hashBytes, hashFile, HashPool } from '../src/index.ts';
import { fixtureImage } from './fixtures.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sinag-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: Uint8Array | string): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
}

describe('exact hashes', () => {
  it.each([
    [
      '',
      'd41d8cd98f00b204e9800998ecf8427e',
      'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ],
    [
      'abc',
      '900150983cd24fb0d6963f7d28e17f72',
      'a9993e364706816aba3e25717850c26c9cd0d89d',
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    ],
  ])('of %j (published test vectors)', async (content, md5, sha1, sha256) => {
    expect(await hashFile(file(`vector-${content.length}.txt`, content))).toMatchObject({
      md5,
      sha1,
      sha256,
    });
    expect(await hashBytes(new TextEncoder().encode(content))).toMatchObject({ md5, sha1, sha256 });
  });

  it('are the same read as a stream of many chunks (files over 16 MiB) as from memory', async () => {
    const content = randomBytes(17 * 1024 * 1024 + 17);
    const fromFile = await hashFile(file('large.bin', content));
    expect(fromFile).toEqual(await hashBytes(content, 'large.bin'));
    expect(fromFile.kind).toBe('other');
  });

  it('reports a file it cannot read instead of throwing', async () => {
    expect(await hashFile(path.join(dir, 'missing.jpg'))).toEqual({
      error: expect.stringMatching(/^could not read the file: ENOENT/),
    });
    expect((await hashFile(dir)).error).toMatch(/^could not read the file: EISDIR/);
  });
});

describe('fileKind', () => {
  const hex = (text: string) => Buffer.from(text, 'hex');
  const ascii = (text: string) => Buffer.from(text, 'latin1');
  it.each<[string, Uint8Array, string, string]>([
    ['JPEG', hex('ffd8ffe0'), 'x.bin', 'image'],
    ['PNG', hex('89504e470d0a1a0a'), 'x', 'image'],
    ['GIF', ascii('GIF89a'), 'x', 'image'],
    ['TIFF, little-endian', ascii('II*\0'), 'x', 'image'],
    ['TIFF, big-endian', ascii('MM\0*'), 'x', 'image'],
    ['WebP', ascii('RIFF\0\0\0\0WEBPVP8 '), 'x', 'image'],
    ['PPM', ascii('P6\n'), 'x', 'image'],
    ['AVIF', ascii('\0\0\0\x1cftypavif'), 'x', 'image'],
    ['AVI', ascii('RIFF\0\0\0\0AVI LIST'), 'x.jpg', 'video'],
    ['MP4', ascii('\0\0\0\x1cftypisom'), 'x', 'video'],
    ['QuickTime', ascii('\0\0\0\x14ftypqt  '), 'x', 'video'],
    ['Matroska or WebM', hex('1a45dfa3'), 'x', 'video'],
    ['WMV', hex('3026b2758e66cf11'), 'x', 'video'],
    ['FLV', ascii('FLV\x01'), 'x', 'video'],
    ['MPEG program stream', hex('000001ba'), 'x', 'video'],
    ['unknown bytes named .3gp', ascii('????'), 'clip.3GP', 'video'],
    ['unknown bytes named .jpeg', ascii('????'), 'a/b.jpeg', 'image'],
    ['text', ascii('hello'), 'notes.txt', 'other'],
    ['empty', new Uint8Array(0), 'empty', 'other'],
  ])('%s', (_case, head, name, kind) => {
    expect(fileKind(head, name)).toBe(kind);
  });
});

describe('HashPool', () => {
  it('hashes files on worker threads in the order given, as hashFile does, errors included', async () => {
    const files = [
      fixtureImage('dih/bridge-1-original.jpg'),
      file('notes.txt', 'not an image'),
      path.join(dir, 'missing.png'),
      file('broken.png', randomBytes(2000)),
      fixtureImage('ppm/wee.ppm'),
      fixtureImage('misc/pen-and-coaster.png'),
    ];
    const pool = new HashPool({ threads: 2, dihedral: true });
    try {
      const results = [];
      for await (const result of pool.hashAll(files)) results.push(result);
      const expected = await Promise.all(files.map(async (f) => [f, await hashFile(f, { dihedral: true })]));
      expect(results).toEqual(expected);
      expect(results.map(([, hashes]) => Boolean(hashes.pdq))).toEqual([
        true,
        false,
        false,
        false,
        true,
        true,
      ]);
    } finally {
      await pool.close();
    }
  });
});

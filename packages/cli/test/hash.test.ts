import { pdqHammingDistance } from '@sinag/core';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cliEnv, removeDir, run, tempDir } from './helpers.ts';

const PDQ = path.resolve(import.meta.dirname, '../../../../shared/fixtures/pdq');
const BRIDGE = path.join(PDQ, 'images/dih/bridge-1-original.jpg');
const BRIDGE_PDQ = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** CSV reading, enough for these rows: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const fields = [''];
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const char = line[i]!;
        if (char === '"' && quoted && line[i + 1] === '"') fields[fields.length - 1] += line[i++]!;
        else if (char === '"') quoted = !quoted;
        else if (char === ',' && !quoted) fields.push('');
        else fields[fields.length - 1] += char;
      }
      return fields;
    });
}

describe.concurrent('sinag hash', () => {
  let dir: string;
  const env = cliEnv({});
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = tempDir();
    mkdirSync(file('b-folder/inner'), { recursive: true });
    await sharp(BRIDGE).resize(700).jpeg({ quality: 90 }).toFile(file('b-folder/inner/photo.jpg'));
    writeFileSync(file('b-folder/notes.txt'), 'not an image\n');
    writeFileSync(file('a, "odd" name.png'), 'garbled bytes, named as a PNG');
    writeFileSync(file('c.mp4'), Buffer.from('0000001c6674797069736f6d', 'hex'));
  });
  afterAll(() => removeDir(dir));

  it('prints CSV rows for files and folders, in name order, with proper quoting', async ({ expect }) => {
    const result = await run(['hash', dir, BRIDGE], env);
    expect(result.code).toBe(0);
    const [header, ...rows] = parseCsv(result.stdout);
    expect(header).toEqual(['path', 'md5', 'sha1', 'sha256', 'pdq', 'quality']);
    expect(rows.map((r) => r[0])).toEqual([
      file('a, "odd" name.png'),
      file('b-folder/inner/photo.jpg'),
      file('b-folder/notes.txt'),
      file('c.mp4'),
      BRIDGE,
    ]);
    for (const row of rows) expect(row[3]).toBe(sha256(row[0]!));
    const [odd, photo, notes, video, bridge] = rows;
    expect(odd!.slice(4)).toEqual(['', '']);
    expect(notes!.slice(4)).toEqual(['', '']);
    expect(video!.slice(4)).toEqual(['', '']);
    expect(bridge!.slice(4)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), '100']);
    expect(pdqHammingDistance(bridge![4]!, BRIDGE_PDQ)).toBeLessThanOrEqual(10);
    expect(pdqHammingDistance(photo![4]!, BRIDGE_PDQ)).toBeLessThanOrEqual(10);
    // The undecodable file is a row, and said on stderr; nothing else is.
    expect(result.stderr).toMatch(/^sinag: .*a, "odd" name\.png: could not decode the image: .+\n$/);
  });

  it('prints JSON lines with the same keys, nulls where there is no value, and the error', async ({
    expect,
  }) => {
    const result = await run(['hash', '--json', file('a, "odd" name.png'), file('b-folder')], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const rows = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toEqual([
      {
        path: file('a, "odd" name.png'),
        md5: expect.stringMatching(/^[0-9a-f]{32}$/),
        sha1: expect.stringMatching(/^[0-9a-f]{40}$/),
        sha256: sha256(file('a, "odd" name.png')),
        pdq: null,
        quality: null,
        error: expect.stringMatching(/^could not decode the image: /),
      },
      expect.objectContaining({ path: file('b-folder/inner/photo.jpg'), quality: 100 }),
      expect.objectContaining({ path: file('b-folder/notes.txt'), pdq: null, quality: null }),
    ]);
    expect(Object.keys(rows[1]!)).toEqual(['path', 'md5', 'sha1', 'sha256', 'pdq', 'quality']);
  });

  it('adds the rotations and flips with --dihedral', async ({ expect }) => {
    const result = await run(['hash', '--dihedral', BRIDGE], env);
    const [header, row] = parseCsv(result.stdout);
    const transforms = ['rot90', 'rot180', 'rot270', 'flipx', 'flipy', 'flipplus1', 'flipminus1'];
    expect(header).toEqual([
      'path',
      'md5',
      'sha1',
      'sha256',
      'pdq',
      'quality',
      ...transforms.map((t) => `pdq_${t}`),
    ]);
    const reference = Object.fromEntries(
      readFileSync(path.join(PDQ, 'dihedral-reference.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').slice(1)),
    );
    transforms.forEach((t, i) =>
      expect(pdqHammingDistance(row![6 + i]!, reference[t]), t).toBeLessThanOrEqual(10),
    );
  });

  it('exits with 1 when a path does not exist, after hashing the others', async ({ expect }) => {
    const result = await run(['hash', '--json', file('missing'), file('b-folder/notes.txt')], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`sinag: no such file or folder: ${file('missing')}\n`);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
  });
});

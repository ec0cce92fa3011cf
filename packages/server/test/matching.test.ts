import { pdqHammingDistance } from '@sinag/core';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
  type TestUser,
} from './helpers.ts';

const PDQ_FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/pdq');

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A PDQ hash with its first `bits` bits flipped. */
function flipped(pdq: string, bits: number): string {
  const value = Buffer.from(pdq, 'hex');
  for (let bit = 0; bit < bits; bit++) value[bit >> 3]! ^= 0x80 >> (bit & 7);
  return value.toString('hex');
}

/** A VICS 2.0 document of synthetic entries (random hashes, clinical labels). */
function vics(media: Record<string, unknown>[]): string {
  return JSON.stringify({
    '@odata.context': 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media',
    value: media,
  });
}

describe.each(DATABASE_KINDS)('matching referral files against hash sets (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  const known = { md5: hex(16), pdq: hex(32) };
  const allowed = { md5: hex(16) };
  const unlisted = { md5: hex(16) };

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
  });
  afterAll(() => ctx.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    call(ctx.app, analyst, { method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

  async function createSet(body: Record<string, unknown>, format: string, content: string) {
    const created = await api('POST', '/api/v1/hash-sets', body);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const imported = await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/hash-sets/${id}/import?format=${format}`,
      payload: content,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(imported.json()).toMatchObject({ status: 'completed' });
    return id;
  }

  /** The referral's files once `done` holds for them (matching runs in the background). */
  async function filesWhen(referralId: string, done: (files: FileView[]) => boolean): Promise<FileView[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const files = (await api('GET', `/api/v1/referrals/${referralId}`)).json().files as FileView[];
      if (done(files)) return files;
      if (Date.now() > deadline)
        throw new Error(`files never reached the expected state: ${JSON.stringify(files)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  type FileView = {
    matching: {
      status: string;
      matches: {
        hashSet: { name: string };
        algorithm: string;
        distance: number | null;
        [key: string]: unknown;
      }[];
    };
  };
  const statuses = (files: FileView[]) => files.map((f) => f.matching.status);

  let referralId: string;
  let knownSet: string;

  it('shows per file what it matched: known material with its category and series, or no list', async () => {
    knownSet = await createSet(
      { name: `Known ${kind}`, kind: 'known', source: 'project-vic', scheme: 'project-vic-us' },
      'vics',
      vics([
        {
          MediaID: 1,
          Category: 1,
          MD5: known.md5.toUpperCase(),
          VictimIdentified: 'true',
          Series: { Name: 'Synthetic series A' },
          AlternativeHashes: [{ HashName: 'PDQ', HashValue: known.pdq }],
        },
      ]),
    );
    const created = await api(
      'POST',
      '/api/v1/referrals',
      sampleReferral({
        files: [
          { name: 'a.jpg', md5: known.md5 },
          { name: 'b.jpg', pdq: flipped(known.pdq, 5) },
          { name: 'c.jpg', md5: unlisted.md5 },
          { name: 'd.jpg', pdq: flipped(known.pdq, 40) },
          // The platform's hash of the original file, listed besides the re-encoded file's own.
          { name: 'e.jpg', md5: hex(16), attributes: { 'originalFileHash MD5': known.md5 } },
        ],
      }),
    );
    expect(created.statusCode).toBe(201);
    referralId = created.json().id;
    const files = await filesWhen(referralId, (f) => !statuses(f).includes('pending'));
    expect(statuses(files)).toEqual(['known', 'known', 'not-in-any-list', 'not-in-any-list', 'known']);
    expect(files[0]!.matching.matches).toEqual([
      {
        hashSet: { id: knownSet, name: `Known ${kind}`, kind: 'known' },
        entryId: expect.any(Number),
        algorithm: 'md5',
        distance: null,
        category: '1',
        categoryLabel: 'Child abuse material',
        series: 'Synthetic series A',
        victimIdentified: true,
        label: null,
      },
    ]);
    expect(files[1]!.matching.matches).toEqual([
      expect.objectContaining({ algorithm: 'pdq', distance: 5, series: 'Synthetic series A' }),
    ]);
    const sets = (await api('GET', '/api/v1/hash-sets')).json().items as { id: string; matchCount: number }[];
    expect(sets.find((s) => s.id === knownSet)?.matchCount).toBe(3);
  });

  it('re-matches existing referrals when an allow-list is added, and when a set is disabled', async () => {
    await createSet(
      { name: `Viral ${kind}`, kind: 'allow', source: 'own' },
      'md5',
      `${allowed.md5},widely shared image\n${unlisted.md5},widely shared image\n`,
    );
    let files = await filesWhen(referralId, (f) => f[2]!.matching.status === 'allow-listed');
    expect(files[2]!.matching.matches).toEqual([
      expect.objectContaining({
        hashSet: expect.objectContaining({ kind: 'allow' }),
        label: 'widely shared image',
      }),
    ]);

    expect((await api('PATCH', `/api/v1/hash-sets/${knownSet}`, { enabled: false })).statusCode).toBe(200);
    files = await filesWhen(referralId, (f) => f[0]!.matching.status === 'not-in-any-list');
    expect(statuses(files)).toEqual([
      'not-in-any-list',
      'not-in-any-list',
      'allow-listed',
      'not-in-any-list',
      'not-in-any-list',
    ]);
    expect((await api('PATCH', `/api/v1/hash-sets/${knownSet}`, { enabled: true })).statusCode).toBe(200);
    await filesWhen(referralId, (f) => f[0]!.matching.status === 'known');
  });

  it('looks hashes up on request, each set with its own PDQ threshold', async () => {
    const lookup = async (query: Record<string, string>) => {
      const res = await api('POST', '/api/v1/match', query);
      expect(res.statusCode).toBe(200);
      return res.json().matches as { algorithm: string; distance: number | null }[];
    };
    expect(await lookup({ md5: known.md5.toUpperCase() })).toEqual([
      expect.objectContaining({ algorithm: 'md5', category: '1' }),
    ]);
    expect(await lookup({ pdq: flipped(known.pdq, 31) })).toEqual([
      expect.objectContaining({ algorithm: 'pdq', distance: 31 }),
    ]);
    expect(await lookup({ pdq: flipped(known.pdq, 32) })).toEqual([]);
    await api('PATCH', `/api/v1/hash-sets/${knownSet}`, { pdqThreshold: 3 });
    expect(await lookup({ pdq: flipped(known.pdq, 5) })).toEqual([]);
    expect(await lookup({ sha1: hex(20) })).toEqual([]);

    const bad = await api('POST', '/api/v1/match', { md5: 'xyz' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('md5');
    expect((await api('POST', '/api/v1/match', {})).statusCode).toBe(400);
  });

  it("keeps an organisation's sets to its own referrals and lookups", async () => {
    const other = await createTestUser(ctx.services, 'analyst', 'Regional Police Unit');
    const res = await call(ctx.app, other, {
      method: 'POST',
      url: '/api/v1/match',
      payload: { md5: known.md5 },
    });
    expect(res.json().matches).toEqual([]);
    const created = await call(ctx.app, other, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: sampleReferral({ files: [{ md5: known.md5 }] }),
    });
    const id = created.json().id as string;
    const deadline = Date.now() + 15_000;
    let status = 'pending';
    while (status === 'pending' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const view = await call(ctx.app, other, { method: 'GET', url: `/api/v1/referrals/${id}` });
      status = view.json().files[0].matching.status;
    }
    expect(status).toBe('not-in-any-list');
  });

  it('hashes a file sent to it without keeping it', async () => {
    const photo = readFileSync(path.join(PDQ_FIXTURES, 'images/dih/bridge-1-original.jpg'));
    const before = await countRows(ctx.services, 'referral_files');
    const res = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/hash',
      payload: photo,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const reference = readFileSync(path.join(PDQ_FIXTURES, 'dihedral-reference.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[2]!);
    expect(body).toMatchObject({ kind: 'image', sizeBytes: photo.length, error: null });
    expect(pdqHammingDistance(body.pdq, reference[0]!)).toBeLessThanOrEqual(10);
    expect(body.pdqDihedral).toHaveLength(8);
    expect(await countRows(ctx.services, 'referral_files')).toBe(before);

    const text = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/hash',
      payload: Buffer.from('not an image'),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(text.json()).toMatchObject({
      kind: 'other',
      pdq: null,
      md5: createHash('md5').update('not an image').digest('hex'),
    });
    const empty = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/hash',
      payload: Buffer.alloc(0),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(empty.statusCode).toBe(400);
  });
});

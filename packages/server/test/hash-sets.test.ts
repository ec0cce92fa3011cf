import { readHashList, type HashEntry, type HashSetImportJob, type HashSetView } from '@sinag/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HashSetsChanged } from '../src/events.ts';
import { organisationActor } from '../src/auth/actor.ts';
import {
  findEntryDetails,
  streamEnabledHashSetEntries,
  streamEntryHashes,
} from '../src/hash-sets/entries.ts';
import { importHashList } from '../src/hash-sets/import.ts';
import {
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  type TestContext,
  type TestUser,
} from './helpers.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../core/test/fixtures/hash-sets');
const NSRL_EXAMPLE = path.resolve(
  import.meta.dirname,
  '../../../../shared/fixtures/vics/projectvic_1.2_media_example.json',
);
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

const md5s = (n: number) => Array.from({ length: n }, () => randomBytes(16).toString('hex'));

/** Entries as the parser reads them from a document, to compare with what the server stored. */
async function entriesOf(format: 'vics' | 'md5', data: Buffer | string): Promise<HashEntry[]> {
  const entries: HashEntry[] = [];
  for await (const batch of readHashList(format, [data])) entries.push(...batch.entries);
  return entries;
}

describe.each(DATABASE_KINDS)('hash sets (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let investigator: TestUser;
  let otherOrg: TestUser;
  let admin: TestUser;
  const changes: HashSetsChanged[] = [];

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    investigator = await createTestUser(ctx.services, 'investigator');
    otherOrg = await createTestUser(ctx.services, 'analyst', 'Other Police Unit');
    admin = await createTestUser(ctx.services, 'admin');
    ctx.services.events.on('hashSetsChanged', (change) => changes.push(change));
  });
  afterAll(() => ctx.close());

  const create = async (body: Record<string, unknown>, user = analyst) =>
    call(ctx.app, user, { method: 'POST', url: '/api/v1/hash-sets', payload: body });
  const createSet = async (body: Record<string, unknown> = {}) => {
    const res = await create({ name: `set-${randomUUID()}`, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<HashSetView>();
  };
  const upload = async (id: string, format: string, payload: Buffer | string, user = analyst, extra = '') =>
    call(ctx.app, user, {
      method: 'POST',
      url: `/api/v1/hash-sets/${id}/import?format=${format}${extra}`,
      payload,
      headers: { 'content-type': 'application/octet-stream' },
    });
  const get = (url: string, user = analyst) => call(ctx.app, user, { method: 'GET', url });

  it('creates a set with defaults, lists it, and shows it to its organisation only', async () => {
    const before = changes.length;
    const res = await create({
      name: '  Project VIC test list ',
      source: 'project-vic',
      scheme: 'project-vic-us',
    });
    expect(res.statusCode, res.body).toBe(201);
    const set = res.json<HashSetView>();
    expect(set).toMatchObject({
      name: 'Project VIC test list',
      source: 'project-vic',
      scheme: { id: 'project-vic-us', name: 'Project VIC (US)' },
      kind: 'known',
      pdqThreshold: 31,
      enabled: true,
      entryCount: 0,
    });
    expect(res.headers.location).toBe(`/api/v1/hash-sets/${set.id}`);
    expect(changes.slice(before)).toEqual([
      { hashSetId: set.id, organisationId: analyst.actor.organisationId, reason: 'created' },
    ]);

    const list = (await get('/api/v1/hash-sets', investigator)).json<{ items: HashSetView[] }>();
    expect(list.items.map((s) => s.id)).toContain(set.id);
    expect((await get(`/api/v1/hash-sets/${set.id}`, investigator)).json()).toEqual(set);

    const foreign = await get(`/api/v1/hash-sets/${set.id}`, otherOrg);
    expect(foreign.statusCode).toBe(404);
    expect((await get('/api/v1/hash-sets', otherOrg)).json()).toEqual({ items: [] });
    for (const method of ['PATCH', 'DELETE'] as const) {
      const res = await call(ctx.app, otherOrg, {
        method,
        url: `/api/v1/hash-sets/${set.id}`,
        ...(method === 'PATCH' ? { payload: { enabled: false } } : {}),
      });
      expect(res.statusCode, method).toBe(404);
    }
    expect((await upload(set.id, 'md5', md5s(1)[0]!, otherOrg)).statusCode).toBe(404);
    expect((await get(`/api/v1/hash-sets/${set.id}/export`, otherOrg)).statusCode).toBe(404);
  });

  it('refuses bad input with a 4xx naming the field, storing nothing', async () => {
    const existing = await createSet();
    const before = await countRows(ctx.services, 'hash_sets');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: '' }, 400, 'name'],
      [{ name: 'x', pdqThreshold: 65 }, 400, 'pdqThreshold'],
      [{ name: 'x', pdqThreshold: 3.5 }, 400, 'pdqThreshold'],
      [{ name: 'x', kind: 'maybe' }, 400, 'kind'],
      [{ name: 'x', scheme: 'no-such-scheme' }, 400, 'scheme'],
      [{ name: 'x', colour: 'red' }, 400, 'colour'],
      [{ name: existing.name }, 409, 'name'],
    ];
    for (const [body, status, field] of cases) {
      const res = await create(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.field).toBe(field);
    }
    expect(await countRows(ctx.services, 'hash_sets')).toBe(before);

    const patch = await call(ctx.app, analyst, {
      method: 'PATCH',
      url: `/api/v1/hash-sets/${existing.id}`,
      payload: {},
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.message).toMatch(/at least one field/);

    const noFormat = await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/hash-sets/${existing.id}/import`,
      payload: 'x',
    });
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.json().error.field).toBe('query.format');
    const badJob = await upload(existing.id, 'md5', md5s(1)[0]!, analyst, '&job=nope');
    expect(badJob.json().error.field).toBe('query.job');
  });

  it('renames, tunes, disables and deletes a set, audited, each change announced', async () => {
    const set = await createSet({ kind: 'allow' });
    const patch = (payload: Record<string, unknown>) =>
      call(ctx.app, analyst, { method: 'PATCH', url: `/api/v1/hash-sets/${set.id}`, payload });
    const before = changes.length;
    const renamed = await patch({ name: `${set.name} (renamed)`, pdqThreshold: 10, enabled: false });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      name: `${set.name} (renamed)`,
      pdqThreshold: 10,
      enabled: false,
      kind: 'allow',
    });
    const investigatorPatch = await call(ctx.app, investigator, {
      method: 'PATCH',
      url: `/api/v1/hash-sets/${set.id}`,
      payload: { enabled: true },
    });
    expect(investigatorPatch.statusCode).toBe(403);

    await upload(set.id, 'md5', md5s(3).join('\n'));
    const deleted = await call(ctx.app, analyst, { method: 'DELETE', url: `/api/v1/hash-sets/${set.id}` });
    expect(deleted.json()).toEqual({ id: set.id, deleted: true, entries: 3 });
    expect((await get(`/api/v1/hash-sets/${set.id}`)).statusCode).toBe(404);
    const left = await ctx.services.db
      .selectFrom('hash_set_chunks')
      .select('first_id')
      .where('hash_set_id', '=', set.id)
      .execute();
    expect(left).toEqual([]);
    expect(changes.slice(before).map((c) => c.reason)).toEqual(['updated', 'imported', 'deleted']);

    const audit = await ctx.services.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity_id', '=', set.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'hashset.create',
      'hashset.update',
      'hashset.import.start',
      'hashset.import',
      'hashset.delete',
    ]);
    expect(audit[3]!.details).toMatchObject({ status: 'completed', imported: 3, rejected: 0 });
  });

  it('imports a plain list: bad lines reported by line number, a second import adds nothing', async () => {
    const set = await createSet();
    const hashes = md5s(25);
    const file = ['# synthetic list', ...hashes.slice(0, 10), 'not-a-hash', '', ...hashes.slice(10)].join(
      '\n',
    );
    const res = await upload(set.id, 'md5', file);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<HashSetImportJob>();
    expect(job).toMatchObject({
      hashSetId: set.id,
      format: 'md5',
      status: 'completed',
      processed: 26,
      imported: 25,
      duplicates: 0,
      rejected: 1,
      errors: [{ record: 12, line: 12, reason: expect.stringMatching(/^MD5 must be 32 hexadecimal/) }],
      failure: null,
    });
    expect((await get(`/api/v1/hash-sets/${set.id}/imports/${job.id}`)).json()).toEqual(job);

    const again = (await upload(set.id, 'md5', file)).json<HashSetImportJob>();
    expect(again).toMatchObject({ status: 'completed', imported: 0, duplicates: 25, rejected: 1 });
    // Upper-case and repeated hashes are the same entries.
    const upper = (await upload(set.id, 'md5', `${hashes[0]!.toUpperCase()}\n${hashes[0]}\n`)).json();
    expect(upper).toMatchObject({ imported: 0, duplicates: 2 });
    expect((await get(`/api/v1/hash-sets/${set.id}`)).json().entryCount).toBe(25);
  });

  it('imports VICS 1.2, 1.3 and 2.0 and exports VICS 2.0 that imports back entry for entry', async () => {
    const set = await createSet({ scheme: 'project-vic-us' });
    const files = [
      readFileSync(NSRL_EXAMPLE),
      fixture('vics-1.3.json'),
      fixture('vics-2.0-media.json'),
      fixture('vics-2.0-cases.json'),
    ];
    const jobs = [];
    for (const file of files) jobs.push((await upload(set.id, 'vics', file)).json<HashSetImportJob>());
    expect(jobs.map((j) => [j.dialect, j.imported, j.rejected])).toEqual([
      ['1.2', 1, 0],
      ['1.3', 2, 1],
      ['2.0', 2, 2],
      ['2.0', 3, 0],
    ]);
    const expected = (await Promise.all(files.map((f) => entriesOf('vics', f)))).flat();

    const exported = await get(`/api/v1/hash-sets/${set.id}/export`, investigator);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^application\/json/);
    expect(exported.headers['content-disposition']).toMatch(
      /^attachment; filename="set-[\w-]+\.vics\.json"$/,
    );
    expect(await entriesOf('vics', exported.body)).toEqual(expected);

    const copy = await createSet();
    const back = (await upload(copy.id, 'vics', exported.body)).json<HashSetImportJob>();
    expect(back).toMatchObject({ dialect: '2.0', imported: expected.length, rejected: 0 });
    expect(await entriesOf('vics', (await get(`/api/v1/hash-sets/${copy.id}/export`)).body)).toEqual(
      expected,
    );
  });

  it('accepts gzip and an ICSE file, with a job id chosen by the caller', async () => {
    const set = await createSet({ source: 'icse', scheme: 'interpol-baseline' });
    const job = randomUUID();
    const res = await upload(set.id, 'icse', gzipSync(fixture('icse.csv')), analyst, `&job=${job}`);
    expect(res.json()).toMatchObject({ id: job, status: 'completed', imported: 3, rejected: 1 });
    const reused = await upload(set.id, 'icse', fixture('icse.csv'), analyst, `&job=${job}`);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.field).toBe('job');
    const corrupt = await upload(set.id, 'md5', Buffer.from([0x1f, 0x8b, 1, 2, 3, 4]));
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().error).toMatchObject({ field: 'body', message: expect.stringMatching(/gzip/) });
  });

  it('refuses a file of another format with a 400, storing no entry, and records the failed job', async () => {
    const set = await createSet();
    const entries = await countRows(ctx.services, 'hash_set_chunks');
    const res = await upload(set.id, 'md5', fixture('vics-2.0-media.json'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'validation_failed',
      field: 'body',
      message: expect.stringMatching(/^body: not an MD5 list/),
    });
    expect(await countRows(ctx.services, 'hash_set_chunks')).toBe(entries);
    const job = await ctx.services.db
      .selectFrom('hash_set_imports')
      .select(['status', 'failure'])
      .where('hash_set_id', '=', set.id)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'failed', failure: expect.stringMatching(/^not an MD5 list/) });
  });

  it('says how far an import got when the upload breaks off; importing again completes it', async () => {
    const set = await createSet();
    const hashes = md5s(30);
    async function* breaksOff() {
      yield `${hashes.slice(0, 20).join('\n')}\n`;
      throw new Error('connection reset');
    }
    const who = organisationActor(analyst.actor);
    await expect(
      importHashList(ctx.services, who, set.id, 'md5', breaksOff(), { batchSize: 10 }),
    ).rejects.toThrow('connection reset');
    const failed = await ctx.services.db
      .selectFrom('hash_set_imports')
      .selectAll()
      .where('hash_set_id', '=', set.id)
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed', processed: 20, imported: 20 });
    expect(failed.failure).toMatch(
      /^stopped after 20 records \(20 imported\): connection reset\. Import the same file again/,
    );

    const progress: number[] = [];
    const retry = await importHashList(ctx.services, who, set.id, 'md5', [hashes.join('\n')], {
      batchSize: 10,
      onProgress: (job) => progress.push(job.processed),
    });
    expect(retry).toMatchObject({ status: 'completed', imported: 10, duplicates: 20 });
    expect(progress).toEqual([10, 20, 30, 30]);
    expect((await get(`/api/v1/hash-sets/${set.id}`)).json().entryCount).toBe(30);
  });

  it('streams the entries of enabled sets, in order, with each set’s kind and threshold', async () => {
    const org = await createTestUser(ctx.services, 'analyst', `Stream test ${randomUUID()}`);
    const who = organisationActor(org.actor);
    const mk = async (payload: Record<string, unknown>) =>
      (await create({ name: randomUUID(), ...payload }, org)).json<HashSetView>();
    const known = await mk({ pdqThreshold: 20 });
    const allow = await mk({ kind: 'allow' });
    const off = await mk({ enabled: false });
    const hashes = md5s(25);
    await importHashList(ctx.services, who, known.id, 'md5', [hashes.join('\n')]);
    await importHashList(ctx.services, who, allow.id, 'pdq', ['f'.repeat(64)]);
    await importHashList(ctx.services, who, off.id, 'md5', [hashes[0]!]);

    const seen = new Map<
      string,
      { kind: string; threshold: number; md5: (string | null)[]; ids: number[] }
    >();
    for await (const { set, entries } of streamEnabledHashSetEntries(ctx.services, {
      organisationId: org.actor.organisationId,
      pageSize: 10,
    })) {
      const s = seen.get(set.id) ?? { kind: set.kind, threshold: set.pdqThreshold, md5: [], ids: [] };
      s.md5.push(...entries.map((e) => e.md5));
      s.ids.push(...entries.map((e) => e.id));
      seen.set(set.id, s);
      if (set.kind === 'allow')
        expect(entries).toEqual([
          { id: expect.any(Number), md5: null, sha1: null, sha256: null, pdq: 'f'.repeat(64) },
        ]);
    }
    expect([...seen.keys()].sort()).toEqual([known.id, allow.id].sort());
    expect(seen.get(known.id)).toMatchObject({ kind: 'known', threshold: 20, md5: hashes });
    const ids = seen.get(known.id)!.ids;
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  /** All of a set's entries as streamed, ids included. */
  const streamed = async (setId: string, options: { afterId?: number; pageSize?: number } = {}) => {
    const pages = [];
    for await (const page of streamEntryHashes(ctx.services, setId, options)) pages.push(page);
    return pages;
  };

  it('de-duplicates across chunks and imports, and streams only what was added after an id', async () => {
    const who = organisationActor(analyst.actor);
    const set = await createSet();
    const other = await createSet();
    const hashes = md5s(30);
    const first = await importHashList(ctx.services, who, set.id, 'md5', [hashes.slice(0, 20).join('\n')], {
      batchSize: 7,
    });
    expect(first).toMatchObject({ imported: 20, duplicates: 0 });
    // Another set's import takes ids in between: ids are unique across sets, not consecutive within one.
    await importHashList(ctx.services, who, other.id, 'md5', [md5s(5).join('\n')]);
    const file = [...hashes.slice(3, 9), ...hashes.slice(10), hashes[29]!.toUpperCase()].join('\n');
    const second = await importHashList(ctx.services, who, set.id, 'md5', [file], { batchSize: 4 });
    expect(second).toMatchObject({ processed: 27, imported: 10, duplicates: 17 });

    const all = (await streamed(set.id, { pageSize: 8 })).flat();
    expect(all.map((e) => e.md5)).toEqual(hashes);
    const ids = all.map((e) => e.id);
    expect(new Set(ids).size).toBe(30);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[20]! - ids[19]!).toBeGreaterThan(5);
    expect(all[0]).toEqual({ id: ids[0], md5: hashes[0], sha1: null, sha256: null, pdq: null });

    const pages = await streamed(set.id, { afterId: ids[12]!, pageSize: 4 });
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4, 1]);
    expect(pages.flat().map((e) => e.id)).toEqual(ids.slice(13));
    expect(await streamed(set.id, { afterId: ids[29]! })).toEqual([]);
    expect((await get(`/api/v1/hash-sets/${set.id}`)).json().entryCount).toBe(30);
  });

  it('keeps an all-zero PDQ and tells entries apart by all their hashes together', async () => {
    const who = organisationActor(analyst.actor);
    const set = await createSet();
    const zero = '0'.repeat(64);
    await importHashList(ctx.services, who, set.id, 'pdq', [`${zero}\n${zero}`]);
    await importHashList(ctx.services, who, set.id, 'sha256', [zero]);
    const entries = (await streamed(set.id)).flat();
    expect(entries.map(({ sha256, pdq }) => ({ sha256, pdq }))).toEqual([
      { sha256: null, pdq: zero },
      { sha256: zero, pdq: null },
    ]);
  });

  it('imports running side by side into one set add each entry once', async () => {
    const who = organisationActor(analyst.actor);
    const set = await createSet();
    const hashes = md5s(60);
    const jobs = await Promise.all(
      [hashes.slice(0, 40), hashes.slice(20)].map((part) =>
        importHashList(ctx.services, who, set.id, 'md5', [part.join('\n')], { batchSize: 5 }),
      ),
    );
    expect(jobs.map((j) => j.imported + j.duplicates)).toEqual([40, 40]);
    expect(jobs[0]!.imported + jobs[1]!.imported).toBe(60);
    const stored = (await streamed(set.id)).flat().map((e) => e.md5);
    expect([...stored].sort()).toEqual([...hashes].sort());
  });

  it('gives the details of matched entries by set and id', async () => {
    const who = organisationActor(analyst.actor);
    const set = await createSet({ scheme: 'project-vic-us' });
    await importHashList(ctx.services, who, set.id, 'vics', [fixture('vics-2.0-cases.json')], {
      batchSize: 2,
    });
    const entries = await entriesOf('vics', fixture('vics-2.0-cases.json'));
    const ids = (await streamed(set.id)).flat().map((e) => e.id);
    expect(ids).toHaveLength(entries.length);
    const refs = [...ids].reverse().map((id) => ({ hashSetId: set.id, id }));
    const details = await findEntryDetails(ctx.services, [
      ...refs,
      { hashSetId: set.id, id: ids.at(-1)! + 1_000_000 },
      { hashSetId: randomUUID(), id: ids[0]! },
    ]);
    const byId = new Map(details.map((d) => [d.id, d]));
    expect(details).toHaveLength(entries.length);
    entries.forEach((entry, i) =>
      expect(byId.get(ids[i]!)).toEqual({
        id: ids[i],
        hashSetId: set.id,
        label: entry.label,
        category: entry.category,
        victimIdentified: entry.victimIdentified,
        offenderIdentified: entry.offenderIdentified,
        distributed: entry.distributed,
        series: entry.series,
        sourceMediaId: entry.sourceMediaId,
      }),
    );
    expect(await findEntryDetails(ctx.services, [])).toEqual([]);
  });

  it('lists the built-in category schemes; admins add custom ones', async () => {
    const list = (await get('/api/v1/category-schemes', investigator)).json<{ items: { id: string }[] }>();
    expect(list.items.map((s) => s.id)).toEqual(
      expect.arrayContaining(['project-vic-us', 'dhs', 'uk-caid', 'interpol-baseline', 'unclassified']),
    );
    const body = {
      id: `custom-${randomBytes(3).toString('hex')}`,
      name: 'Regional triage scheme',
      categories: [
        { value: 'R1', label: 'Review first' },
        { value: 'R2', label: 'Review later', description: 'Lower review priority' },
      ],
    };
    const created = await call(ctx.app, admin, {
      method: 'POST',
      url: '/api/v1/category-schemes',
      payload: body,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id: body.id, builtIn: false, description: '' });
    const again = await call(ctx.app, admin, {
      method: 'POST',
      url: '/api/v1/category-schemes',
      payload: body,
    });
    expect(again.statusCode).toBe(409);
    const twice = await call(ctx.app, admin, {
      method: 'POST',
      url: '/api/v1/category-schemes',
      payload: { ...body, id: 'other', categories: [body.categories[0], body.categories[0]] },
    });
    expect(twice.json().error).toMatchObject({
      field: 'categories',
      message: expect.stringMatching(/twice/),
    });
    const set = await createSet({ scheme: body.id });
    expect(set.scheme).toEqual({ id: body.id, name: 'Regional triage scheme' });
  });
});

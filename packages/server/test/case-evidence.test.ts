import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, openCase, sampleEvidence } from './case-justice-fixtures.ts';
import {
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  type TestContext,
  type TestUser,
} from './helpers.ts';

describe.each(DATABASE_KINDS)('evidence and chain of custody (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let caseId: string;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    caseId = await openCase(ctx, analyst);
  });
  afterAll(() => ctx.close());

  const url = (id = caseId) => `/api/v1/cases/${id}/evidence`;

  it('records an evidence reference with its first custody entry, once however often it is sent', async () => {
    const res = await call(ctx.app, analyst, { method: 'POST', url: url(), payload: sampleEvidence() });
    expect(res.statusCode).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({
      label: 'E-1',
      sha256: 'a'.repeat(64),
      md5: 'b'.repeat(32),
      sha1: null,
      heldIn: { system: 'Agency forensic store', reference: 'FS-2026-0042' },
      restricted: false,
      custodian: 'Evidence custodian Cruz',
      custody: [{ position: 1, from: 'Arresting officer PO2 Reyes', to: 'Evidence custodian Cruz' }],
    });
    expect(item.custody[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await call(ctx.app, analyst, { method: 'POST', url: url(), payload: sampleEvidence() });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(item.id);
    const clash = await call(ctx.app, analyst, {
      method: 'POST',
      url: url(),
      payload: { ...sampleEvidence(), description: 'Something else' },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.field).toBe('label');
    expect((await auditEntries(ctx.services, 'evidence.create')).length).toBe(1);
  });

  it.each([
    [{ ...sampleEvidence('E-x'), sha256: 'xyz' }, 'sha256', 'must be a SHA-256'],
    [{ ...sampleEvidence('E-x'), md5: undefined, sha256: undefined }, 'sha256', 'at least one hash'],
    [{ ...sampleEvidence('E-x'), sha1: 'a'.repeat(39) }, 'sha1', 'must be a SHA-1'],
    [{ ...sampleEvidence('E-x'), heldIn: { system: 'X', location: 'Y' } }, 'heldIn.reference', 'is required'],
    [
      { ...sampleEvidence('E-x'), custody: { ...sampleEvidence().custody, at: 'yesterday' } },
      'custody.at',
      'ISO 8601',
    ],
    [{ ...sampleEvidence('E-x'), media: 'base64…' }, 'media', 'is not a known field'],
  ])('rejects bad input naming the field (%#)', async (payload, field, message) => {
    const before = await countRows(ctx.services, 'evidence_items');
    const res = await call(ctx.app, analyst, { method: 'POST', url: url(), payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe(field);
    expect(res.json().error.message).toContain(message);
    expect(await countRows(ctx.services, 'evidence_items')).toBe(before);
  });

  it('appends transfers from the current holder only, and verifies the chain', async () => {
    const { id } = (
      await call(ctx.app, analyst, { method: 'POST', url: url(), payload: sampleEvidence('E-2') })
    ).json();
    const transfer = (from: string) =>
      call(ctx.app, analyst, {
        method: 'POST',
        url: `${url()}/${id}/custody`,
        payload: { from, to: 'Forensic examiner Santos', at: '2026-10-03T10:00:00Z', reason: 'Examination' },
      });
    const wrong = await transfer('Somebody');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ field: 'from' });
    const moved = await transfer('Evidence custodian Cruz');
    expect(moved.statusCode).toBe(201);
    expect(moved.json()).toMatchObject({ custodian: 'Forensic examiner Santos' });
    expect(moved.json().custody.map((c: { position: number }) => c.position)).toEqual([1, 2]);
    const audit = await auditEntries(ctx.services, 'custody.transfer');
    expect(audit.at(-1)).toMatchObject({ entity_id: id, details: { caseId, position: 2 } });
    expect(audit.at(-1)!.details).toMatchObject({ custodyHash: moved.json().custody[1].hash });

    const list = await call(ctx.app, analyst, { method: 'GET', url: url() });
    expect(list.json().items.map((i: { label: string }) => i.label)).toEqual(['E-1', 'E-2']);
    const verified = await call(ctx.app, analyst, { method: 'GET', url: `${url()}/verify` });
    expect(verified.json()).toMatchObject({
      ok: true,
      items: [
        { ok: true, entries: 1 },
        { ok: true, entries: 2 },
      ],
    });
  });

  it('keeps the custody log append-only and detects an altered or removed entry', async () => {
    const { id } = (
      await call(ctx.app, analyst, { method: 'POST', url: url(), payload: sampleEvidence('E-3') })
    ).json();
    await call(ctx.app, analyst, {
      method: 'POST',
      url: `${url()}/${id}/custody`,
      payload: {
        from: 'Evidence custodian Cruz',
        to: 'Court clerk',
        at: '2026-10-04T10:00:00Z',
        reason: 'Trial',
      },
    });
    const db = ctx.services.db;
    await expect(
      sql`update custody_entries set reason = 'x' where evidence_id = ${id}`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from custody_entries where evidence_id = ${id}`.execute(db)).rejects.toThrow(
      /append-only/,
    );

    const verify = async () =>
      (await call(ctx.app, analyst, { method: 'GET', url: `${url()}/verify` }))
        .json()
        .items.find((i: { evidenceId: string }) => i.evidenceId === id);
    // Someone with the rights to disable the trigger changes who received the item.
    await sql`alter table custody_entries disable trigger custody_entries_append_only`.execute(db);
    await sql`update custody_entries set to_party = 'Somebody else' where evidence_id = ${id} and position = 2`.execute(
      db,
    );
    expect(await verify()).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'its content does not match its hash',
    });
    // Removing the altered entry instead leaves the item's head pointing past the end.
    await sql`delete from custody_entries where evidence_id = ${id} and position = 2`.execute(db);
    await sql`alter table custody_entries enable trigger custody_entries_append_only`.execute(db);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 2, entries: 1 });
    const verdict = await call(ctx.app, analyst, { method: 'GET', url: `${url()}/verify` });
    expect(verdict.json().ok).toBe(false);
    expect((await auditEntries(ctx.services, 'custody.verify')).at(-1)!.details).toMatchObject({
      ok: false,
      broken: [id],
    });
  });

  it('shows restricted evidence to the case team and prosecutors only', async () => {
    const restricted = await call(ctx.app, analyst, {
      method: 'POST',
      url: url(),
      payload: { ...sampleEvidence('DI-1'), restricted: true, description: 'Recorded disclosure interview' },
    });
    expect(restricted.json().restricted).toBe(true);
    const events = await ctx.services.db
      .selectFrom('case_events')
      .select(['kind', 'summary'])
      .where('case_id', '=', caseId)
      .where('kind', 'like', 'restricted.%')
      .execute();
    expect(events).toEqual([
      {
        kind: 'restricted.evidence.add',
        summary: 'Restricted evidence recorded (for the team and prosecutors)',
      },
    ]);
    const labels = async (user: TestUser) =>
      (await call(ctx.app, user, { method: 'GET', url: url() }))
        .json()
        .items.map((i: { label: string }) => i.label);
    expect(await labels(analyst)).toContain('DI-1');
    expect(await labels(await createTestUser(ctx.services, 'prosecutor'))).toContain('DI-1');
    const socialWorker = await createTestUser(ctx.services, 'social-worker');
    expect(await labels(socialWorker)).not.toContain('DI-1');
    expect((await auditEntries(ctx.services, 'evidence.list')).at(-1)!.details).toMatchObject({
      restrictedRead: [],
    });
  });

  it('answers 404 for another organisation’s case and 403 without the permission', async () => {
    const outsider = await createTestUser(ctx.services, 'analyst', 'Another Unit');
    expect((await call(ctx.app, outsider, { method: 'GET', url: url() })).statusCode).toBe(404);
    const post = await call(ctx.app, outsider, {
      method: 'POST',
      url: url(),
      payload: sampleEvidence('E-9'),
    });
    expect(post.statusCode).toBe(404);
    expect((await call(ctx.app, outsider, { method: 'GET', url: `${url()}/verify` })).statusCode).toBe(404);
    const prosecutor = await createTestUser(ctx.services, 'prosecutor');
    const denied = await call(ctx.app, prosecutor, {
      method: 'POST',
      url: url(),
      payload: sampleEvidence('E-9'),
    });
    expect(denied.statusCode).toBe(403);
  });
});

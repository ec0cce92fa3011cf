import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, auditActor, sealAuditEntries, verifyAuditLog } from '../src/audit/log.ts';
import {
  backgroundSettled,
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
  type TestUser,
} from './helpers.ts';

describe.each(DATABASE_KINDS)('audit log (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
  });
  afterAll(() => ctx.close());

  const entriesFor = (entityId: string) =>
    ctx.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', entityId)
      .orderBy('seq')
      .execute();

  it('records who created and who read a referral, from where', async () => {
    const created = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: sampleReferral(),
      remoteAddress: '203.0.113.7',
    });
    const id = created.json().id as string;
    await call(ctx.app, analyst, {
      method: 'GET',
      url: `/api/v1/referrals/${id}`,
      remoteAddress: '203.0.113.8',
    });
    const entries = await entriesFor(id);
    expect(entries.map((e) => [e.action, e.actor_user_id, e.actor_name, e.ip])).toEqual([
      ['referral.create', analyst.actor.userId, analyst.username, '203.0.113.7'],
      ['referral.read', analyst.actor.userId, analyst.username, '203.0.113.8'],
    ]);
    const list = await call(ctx.app, analyst, {
      method: 'GET',
      url: '/api/v1/referrals?q=someone@example.com',
    });
    expect(list.statusCode).toBe(200);
    const listEntry = await ctx.services.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'referral.list')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    // The search text can be an identifier: the log keeps that a search happened, not what it was.
    expect(JSON.stringify(listEntry.details)).not.toContain('someone@example.com');
  });

  it('refuses updates and deletes of entries', async () => {
    await expect(
      sql`update audit_log set action = 'x' where seq = 1`.execute(ctx.services.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(ctx.services.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses updates and deletes of seals, and seals each committed entry once', async () => {
    const { db } = ctx.services;
    // Matching and linking append entries of their own: let them finish first.
    await backgroundSettled(ctx.services);
    await sealAuditEntries(db);
    const seal = await db.selectFrom('audit_seals').selectAll().executeTakeFirstOrThrow();
    await expect(sql`update audit_seals set hash = 'h' where seq = ${seal.seq}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_seals where seq = ${seal.seq}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    // An entry rolled back with its transaction leaves nothing to seal.
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAudit(trx, auditActor(analyst.actor), [
          { action: 'test.rolled-back', entityType: 'test' },
        ]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await db
      .transaction()
      .execute((trx) =>
        appendAudit(trx, auditActor(analyst.actor), [{ action: 'test.kept', entityType: 'test' }]),
      );
    await sealAuditEntries(db);
    expect(await sealAuditEntries(db)).toBe(0);
    const sealed = await db
      .selectFrom('audit_log as l')
      .innerJoin('audit_seals as s', 's.seq', 'l.seq')
      .select('l.action')
      .where('l.action', 'like', 'test.%')
      .execute();
    expect(sealed.map((r) => r.action)).toEqual(['test.kept']);
  });

  // Two transactions open at once need two connections; the embedded database has one.
  if (kind === 'postgres')
    it('seals entries in the order their transactions commit, not the order they began', async () => {
      const { db } = ctx.services;
      await sealAuditEntries(db);
      let releaseFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstAppended!: () => void;
      const appended = new Promise<void>((resolve) => (firstAppended = resolve));
      const event = (entityId: string) => [{ action: 'test.order', entityType: 'test', entityId }];
      const first = db.transaction().execute(async (trx) => {
        await appendAudit(trx, auditActor(analyst.actor), event('early'));
        firstAppended();
        await firstMayCommit;
      });
      await appended;
      await db.transaction().execute((trx) => appendAudit(trx, auditActor(analyst.actor), event('late')));
      await sealAuditEntries(db);
      releaseFirst();
      await first;
      await sealAuditEntries(db);
      const rows = await db
        .selectFrom('audit_log as l')
        .innerJoin('audit_seals as s', 's.seq', 'l.seq')
        .select(['l.entity_id', 's.position'])
        .where('l.action', '=', 'test.order')
        .orderBy('l.seq')
        .execute();
      expect(rows.map((r) => r.entity_id)).toEqual(['early', 'late']);
      expect(Number(rows[0]!.position)).toBeGreaterThan(Number(rows[1]!.position));
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
    });

  it('verifies an intact chain and finds the first altered, removed or truncated entry', async () => {
    const intact = await verifyAuditLog(ctx.services.db, 3);
    expect(intact.ok).toBe(true);
    const total = intact.entries;
    expect(total).toBeGreaterThan(5);

    // Tampering needs the trigger off, as a database superuser could do.
    const tamper = async (statement: string) => {
      await sql
        .raw(
          `alter table audit_log disable trigger audit_log_append_only; alter table audit_seals disable trigger audit_seals_append_only; ${statement}; alter table audit_log enable trigger audit_log_append_only; alter table audit_seals enable trigger audit_seals_append_only`,
        )
        .execute(ctx.services.db);
    };
    await tamper(`update audit_log set details = '{"edited":true}' where seq = 4`);
    expect(await verifyAuditLog(ctx.services.db, 3)).toMatchObject({ ok: false, brokenAt: 4 });

    await tamper(`delete from audit_log where seq = 4`);
    expect(await verifyAuditLog(ctx.services.db, 3)).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: 'entry 4, sealed at chain position 4, is missing',
    });
    // Its seal removed too: the gap in the chain gives it away.
    await tamper(`delete from audit_seals where seq = 4`);
    expect(await verifyAuditLog(ctx.services.db, 3)).toMatchObject({
      ok: false,
      reason: 'the entry at chain position 4 is missing',
    });

    await tamper(`delete from audit_log where seq >= 4; delete from audit_seals where position >= 4`);
    await sql`update audit_head set position = 3, hash = (select hash from audit_seals where position = 3)`.execute(
      ctx.services.db,
    );
    expect(await verifyAuditLog(ctx.services.db)).toMatchObject({ ok: true, entries: 3 });
    // Removing the newest entries without rewriting the head is caught by the head.
    await tamper(`delete from audit_log where seq = 3; delete from audit_seals where position = 3`);
    expect(await verifyAuditLog(ctx.services.db)).toMatchObject({ ok: false, brokenAt: 3 });
    // An entry slipped in without being queued for sealing is found as well.
    await tamper(
      `alter table audit_log disable trigger audit_log_queue_for_sealing; insert into audit_log (at, actor_name, action, entity_type, details) values (now(), 'x', 'forged', 'test', '{}'); alter table audit_log enable trigger audit_log_queue_for_sealing`,
    );
    await sql`update audit_head set position = 2, hash = (select hash from audit_seals where position = 2)`.execute(
      ctx.services.db,
    );
    expect(await verifyAuditLog(ctx.services.db)).toMatchObject({
      ok: false,
      reason: 'it was never sealed into the chain',
    });
  });

  it('exposes verification and the log to auditors only', async () => {
    const supervisor = await createTestUser(ctx.services, 'supervisor');
    const res = await call(ctx.app, supervisor, { method: 'GET', url: '/api/v1/audit?pageSize=2' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(2);
    const verify = await call(ctx.app, supervisor, { method: 'GET', url: '/api/v1/audit/verify' });
    expect(verify.json()).toHaveProperty('ok');
    expect((await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(403);
  });
});

describe('behind a reverse proxy', () => {
  it('records the client address from X-Forwarded-For only when the proxy is trusted', async () => {
    for (const [trustProxy, expected] of [
      ['127.0.0.1', '198.51.100.23'],
      [false, '127.0.0.1'],
    ] as const) {
      const ctx = await createTestContext('pglite', { trustProxy });
      try {
        const analyst = await createTestUser(ctx.services, 'analyst');
        const created = await call(ctx.app, analyst, {
          method: 'POST',
          url: '/api/v1/referrals',
          payload: sampleReferral(),
          headers: { 'x-forwarded-for': '198.51.100.23' },
        });
        const entry = await ctx.services.db
          .selectFrom('audit_log')
          .select('ip')
          .where('entity_id', '=', created.json().id)
          .executeTakeFirstOrThrow();
        expect(entry.ip).toBe(expected);
      } finally {
        await ctx.close();
      }
    }
  });
});

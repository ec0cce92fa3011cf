import { DEFAULT_TRIAGE_CONFIG, REFERRAL_COUNT_CAP, type TriageConfig } from '@sinag/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backgroundSettled,
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  unlinkedPerson,
  type TestContext,
  type TestUser,
} from './helpers.ts';

interface Priority {
  band: string;
  score: number;
  factors: { name: string; weight: number; evidence: string }[];
  configVersion: number;
  override: { band: string; reason: string; by: string; at: string } | null;
}

describe.each(DATABASE_KINDS)('triage (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let supervisor: TestUser;
  let admin: TestUser;

  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: sampleReferral({ reportedPersons: [unlinkedPerson()], ...overrides }),
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };
  const detail = async (id: string) =>
    (await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals/${id}` })).json<{
      band: string;
      overridden: boolean;
      rescoring: boolean;
      dueAt: string | null;
      priority: Priority;
      flags: { name: string; evidence: string }[];
    }>();
  const auditOf = (id: string) =>
    ctx.services.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
  const putConfig = (user: TestUser, config: unknown) =>
    call(ctx.app, user, { method: 'PUT', url: '/api/v1/triage/config', payload: config as object });
  const withWeight = (name: string, weight: number): TriageConfig => ({
    ...DEFAULT_TRIAGE_CONFIG,
    factors: DEFAULT_TRIAGE_CONFIG.factors.map((f) => (f.name === name ? { ...f, weight } : f)),
  });

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    supervisor = await createTestUser(ctx.services, 'supervisor');
    admin = await createTestUser(ctx.services, 'admin');
  });
  afterAll(() => ctx.close());

  it('overrides a band with a reason, shows who and why, audits it, and clears it', async () => {
    // No files, no escalation: live-streaming 30, a timestamped IP 10, a location 5 = 45, P2 (72 hours).
    const id = await create({ files: [] });
    const before = await detail(id);
    expect(before.priority).toMatchObject({ band: 'P2', score: 45, override: null });
    expect(before.dueAt).toBe('2026-10-04T08:00:00.000Z');

    const res = await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/referrals/${id}/priority-override`,
      payload: { band: 'P1', reason: 'The facilitator said a session is planned for tonight.' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      priority: {
        band: 'P2',
        override: {
          band: 'P1',
          reason: 'The facilitator said a session is planned for tonight.',
          by: analyst.username,
        },
      },
      dueAt: '2026-10-02T08:00:00.000Z',
    });
    const after = await detail(id);
    expect(after).toMatchObject({ band: 'P1', overridden: true, dueAt: '2026-10-02T08:00:00.000Z' });

    // A new fact scores it again (the referral says so while it waits); the override stays.
    expect(after.rescoring).toBe(false);
    await ctx.services.db.insertInto('triage_queue').values({ referral_id: id }).execute();
    await backgroundSettled(ctx.services);
    expect((await detail(id)).priority.override?.band).toBe('P1');

    const cleared = await call(ctx.app, analyst, {
      method: 'DELETE',
      url: `/api/v1/referrals/${id}/priority-override`,
    });
    expect(cleared.statusCode).toBe(200);
    expect(await detail(id)).toMatchObject({ band: 'P2', overridden: false, priority: { override: null } });

    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['referral.priority.override', 'referral.priority.override-clear']),
    );
    const override = audit.find((a) => a.action === 'referral.priority.override')!;
    // The audit keeps the bands, not the free-text reason.
    expect(override.details).toEqual({ band: 'P1', scoredBand: 'P2' });
  });

  it('refuses an override without a reason or with an unknown band, naming the field', async () => {
    const id = await create({ files: [] });
    const cases: [object, string][] = [
      [{ band: 'P1', reason: '   ' }, 'reason'],
      [{ band: 'P1' }, 'reason'],
      [{ band: 'P0', reason: 'Because.' }, 'band'],
    ];
    for (const [payload, field] of cases) {
      const res = await call(ctx.app, analyst, {
        method: 'POST',
        url: `/api/v1/referrals/${id}/priority-override`,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
    expect((await detail(id)).overridden).toBe(false);
    const missing = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals/00000000-0000-4000-8000-000000000000/priority-override',
      payload: { band: 'P1', reason: 'Because.' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('versions the configuration: admins save, everyone reading referrals sees it, bad input names the field', async () => {
    const current = await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/triage/config' });
    expect(current.json()).toMatchObject({ version: 1, config: DEFAULT_TRIAGE_CONFIG, createdBy: null });

    expect((await putConfig(analyst, DEFAULT_TRIAGE_CONFIG)).statusCode).toBe(403);
    const bad = await putConfig(admin, {
      ...DEFAULT_TRIAGE_CONFIG,
      thresholds: { P1: 60, P2: 70, P3: 10 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      field: 'thresholds.P2',
      message: 'thresholds.P2: must be below P1',
    });
    const badWeight = await putConfig(admin, withWeight('location', -3));
    expect(badWeight.json().error.field).toBe('factors[12].weight');
    expect(await countRows(ctx.services, 'triage_configs')).toBe(1);
  });

  it('scores open referrals, not closed ones, again when a new version is saved', async () => {
    const open = await create({ files: [] });
    const closed = await create({ files: [] });
    await ctx.services.db
      .updateTable('referrals')
      .set({ status: 'closed' })
      .where('id', '=', closed)
      .execute();

    // Locations now weigh 20: 30 + 10 + 20 = 60, P1.
    const saved = await putConfig(admin, withWeight('location', 20));
    expect(saved.statusCode).toBe(200);
    const version = saved.json<{ version: number; createdBy: string }>();
    expect(version).toMatchObject({ version: 2, createdBy: admin.username });
    await backgroundSettled(ctx.services);

    expect((await detail(open)).priority).toMatchObject({ band: 'P1', score: 60, configVersion: 2 });
    expect((await detail(closed)).priority).toMatchObject({ band: 'P2', score: 45, configVersion: 1 });
    // A new referral is scored with the version in force.
    expect((await detail(await create({ files: [] }))).priority.configVersion).toBe(2);

    const versions = (
      await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/triage/config/versions' })
    ).json<{
      items: { version: number }[];
    }>();
    expect(versions.items.map((v) => v.version)).toEqual([2, 1]);
    expect((await auditOf('2')).map((a) => a.action)).toEqual(['triage.config.save']);
    // Back to the default for the tests that follow.
    expect((await putConfig(admin, DEFAULT_TRIAGE_CONFIG)).statusCode).toBe(200);
    await backgroundSettled(ctx.services);
  });

  it('lists breaches for supervisors, longest overdue first, leaving out closed referrals and cases', async () => {
    const older = await create({ files: [], receivedAt: '2026-01-01T00:00:00Z' });
    const newer = await create({ files: [], receivedAt: '2026-02-01T00:00:00Z' });
    const closed = await create({ files: [], receivedAt: '2025-12-01T00:00:00Z' });
    const informational = await create({
      files: [],
      incident: { type: 'other' },
      reportedPersons: [],
      location: undefined,
      receivedAt: '2025-11-01T00:00:00Z',
    });
    await ctx.services.db
      .updateTable('referrals')
      .set({ status: 'closed' })
      .where('id', '=', closed)
      .execute();
    expect((await detail(informational)).dueAt).toBeNull();

    expect((await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/triage/breaches' })).statusCode).toBe(
      403,
    );
    const breaches = (
      await call(ctx.app, supervisor, { method: 'GET', url: '/api/v1/triage/breaches?pageSize=500' })
    ).json<{ items: { id: string; dueAt: string }[]; total: number }>();
    const ids = breaches.items.map((b) => b.id);
    expect(ids).toContain(older);
    expect(ids.indexOf(older)).toBeLessThan(ids.indexOf(newer));
    expect(ids).not.toContain(closed);
    expect(ids).not.toContain(informational);
    const dues = breaches.items.map((b) => b.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(breaches.total).toBe(breaches.items.length);
  });

  it('sorts the queue by band, then time left, then newest, and filters by band', async () => {
    await backgroundSettled(ctx.services);
    const queue = (
      await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?pageSize=500' })
    ).json<{ items: { band: string; dueAt: string | null; receivedAt: string }[] }>();
    const key = (i: { band: string; dueAt: string | null }) => `${i.band} ${i.dueAt ?? '~'}`;
    const keys = queue.items.map(key);
    expect(keys).toEqual([...keys].sort());
    const reversed = (
      await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?pageSize=500&order=asc' })
    ).json<{ items: { band: string; dueAt: string | null }[] }>();
    expect(reversed.items.map(key)).toEqual([...keys].reverse());
    const p4 = (await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?band=P4' })).json<{
      items: { band: string }[];
    }>();
    expect(p4.items.length).toBeGreaterThan(0);
    expect(p4.items.every((i) => i.band === 'P4')).toBe(true);
  });

  it('scores again referrals stored before some lists existed, and passes over one it cannot read', async () => {
    const id = await create({ files: [] });
    const row = await ctx.services.db
      .selectFrom('referrals')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const { evidenceReferences: _e, victims: _v, ...older } = row.data as Record<string, unknown>;
    const unreadable = await create({ files: [] });
    await ctx.services.db
      .updateTable('referrals')
      .set({ data: JSON.stringify(older), priority_score: 0 })
      .where('id', '=', id)
      .execute();
    await ctx.services.db
      .updateTable('referrals')
      .set({ data: '{}', priority_score: 0 })
      .where('id', '=', unreadable)
      .execute();
    await ctx.services.db
      .insertInto('triage_queue')
      .values([{ referral_id: unreadable }, { referral_id: id }])
      .execute();
    await backgroundSettled(ctx.services);
    expect((await detail(id)).priority.score).toBe(45);
    expect((await detail(unreadable)).priority.score).toBe(0);
  });

  it('counts no further than REFERRAL_COUNT_CAP matches, and says so (last: it adds one more than that)', async () => {
    const intake = await ctx.services.db
      .selectFrom('users')
      .select('organisation_id')
      .where('id', '=', analyst.actor.userId)
      .executeTakeFirstOrThrow();
    await sql`
      insert into referrals (organisation_id, source, received_at, incident_type, priority_band, priority_score,
        priority_factors, priority_flags, triage_config_version, reporter_name, identifier_count, file_count, data)
      select ${intake.organisation_id}, 'manual', now(), 'other', 'P4', 0, '[]', '[]', 1, 'Count test', 0, 0, '{}'
      from generate_series(1, ${REFERRAL_COUNT_CAP + 1})`.execute(ctx.services.db);
    const page = (await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?band=P4' })).json<{
      total: number;
      totalCapped: boolean;
    }>();
    expect(page).toMatchObject({ total: REFERRAL_COUNT_CAP, totalCapped: true });
    const few = (await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?band=P1' })).json<{
      totalCapped: boolean;
    }>();
    expect(few.totalCapped).toBe(false);
  });
});

import { CLOSE_REASONS, DEMO_OVERDUE_KEPT } from '@sinag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/actor.ts';
import { deadlines } from '../src/cases/deadlines.ts';
import { loadDemo, type DemoResult } from '../src/demo/service.ts';
import { countRows, createTestContext, DATABASE_KINDS, type TestContext } from './helpers.ts';

describe.each(DATABASE_KINDS)('the demo centre (%s)', (kind) => {
  let ctx: TestContext;
  let result: DemoResult;
  let admin: Actor;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    const row = await ctx.services.db
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    admin = {
      userId: row.id,
      username: 'admin',
      displayName: 'Administrator',
      role: 'admin',
      organisationId: row.organisation_id,
      via: 'token',
      ip: null,
    };
    result = await loadDemo(ctx.services, { userId: row.id, name: 'admin', organisationId: null, ip: null });
  }, 120_000);
  afterAll(() => ctx.close());

  const referralsWith = (status: string) =>
    ctx.services.db
      .selectFrom('referrals')
      .select(['id', 'assigned_to', 'closed_reason', 'due_at'])
      .where('status', '=', status)
      .execute();

  it('has staff in the intake organisation, one per role the centre needs', async () => {
    const staff = await ctx.services.db
      .selectFrom('users')
      .select('role')
      .where('organisation_id', '=', admin.organisationId)
      .where('username', '<>', 'admin')
      .execute();
    expect(staff.map((u) => u.role).sort()).toEqual([
      'analyst',
      'analyst',
      'financial-analyst',
      'investigator',
      'prosecutor',
      'social-worker',
      'supervisor',
    ]);
  });

  it('has worked the older referrals: closed with a reason by an analyst, or merged into cases', async () => {
    expect(result).toMatchObject({ loaded: true, referrals: 300 });
    const closed = await referralsWith('closed');
    const inCases = await referralsWith('case-opened');
    expect(closed.length).toBeGreaterThan(200);
    expect(inCases.length).toBeGreaterThanOrEqual(result.cases);
    expect(result.worked).toBe(closed.length + inCases.length);
    for (const r of closed) {
      expect(CLOSE_REASONS).toContain(r.closed_reason);
      expect(r.assigned_to).not.toBeNull();
    }
    expect(new Set(closed.map((r) => r.closed_reason)).size).toBe(CLOSE_REASONS.length);
    const closings = await ctx.services.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'referral.close')
      .executeTakeFirstOrThrow();
    expect(Number(closings.n)).toBe(closed.length);
  });

  it('leaves a small open queue, some of it assigned, and only a handful overdue', async () => {
    const open = [...(await referralsWith('new')), ...(await referralsWith('in-review'))];
    expect(open.length).toBeGreaterThan(5);
    expect(open.length).toBeLessThan(40);
    expect(open.some((r) => r.assigned_to)).toBe(true);
    const overdue = open.filter((r) => r.due_at && r.due_at < new Date());
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThanOrEqual(DEMO_OVERDUE_KEPT);
  });

  it('has cases of several templates at different stages, with their work recorded', async () => {
    const cases = await ctx.services.db.selectFrom('cases').select(['template', 'status']).execute();
    expect(cases.length).toBe(result.cases);
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expect(new Set(cases.map((c) => c.template)).size).toBe(4);
    expect(new Set(cases.map((c) => c.status))).toEqual(
      new Set(['intake', 'investigation', 'operation', 'prosecution', 'closed']),
    );
    const tasks = await ctx.services.db.selectFrom('case_tasks').select('status').execute();
    expect(tasks.some((t) => t.status === 'done')).toBe(true);
    expect(tasks.some((t) => t.status === 'open')).toBe(true);
    for (const table of ['case_subjects', 'case_victims', 'case_operations', 'case_charges'] as const)
      expect(await countRows(ctx.services, table)).toBeGreaterThan(0);
    // Children are pseudonyms only: nothing is put in the identity vault.
    expect(await countRows(ctx.services, 'victim_identities')).toBe(0);
    const evidence = await ctx.services.db.selectFrom('evidence_items').select('custody_entries').execute();
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((e) => e.custody_entries >= 2)).toBe(true);
  });

  it('shows deadlines: some due this week and one overdue', async () => {
    const due = await deadlines(ctx.services, admin, { within: 7, scope: 'organisation' });
    expect(due.overdue).toBe(1);
    expect(due.dueSoon).toBeGreaterThan(3);
  });

  it('has screened a payment file into alerts, some linked to demo referrals', async () => {
    expect(result.paymentAlerts).toBeGreaterThan(0);
    expect(await countRows(ctx.services, 'finance_alerts')).toBe(result.paymentAlerts);
    expect(await countRows(ctx.services, 'finance_alert_links')).toBeGreaterThan(0);
  });

  it('loads once; force adds a worked batch of referrals and keeps the staff', async () => {
    expect(
      await loadDemo(ctx.services, { userId: admin.userId, name: 'admin', organisationId: null, ip: null }),
    ).toMatchObject({ loaded: false });
    const more = await loadDemo(
      ctx.services,
      { userId: admin.userId, name: 'admin', organisationId: null, ip: null },
      { count: 40, force: true, seed: 5 },
    );
    expect(more).toMatchObject({ loaded: true, referrals: 40, cases: 0, paymentAlerts: 0 });
    expect(more.worked).toBeGreaterThan(20);
    expect(await countRows(ctx.services, 'users')).toBe(8);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.each(DATABASE_KINDS)('cases (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let referralIds: string[];

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    referralIds = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(ctx.app, analyst, {
        method: 'POST',
        url: '/api/v1/referrals',
        payload: sampleReferral(),
      });
      referralIds.push(res.json().id);
    }
    // Matching and scoring finish first, so the case's view of its referrals does not change under the test.
    await backgroundSettled(ctx.services);
  });
  afterAll(() => ctx.close());

  it('opens a case from referrals, which then show it', async () => {
    const res = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { referralIds: referralIds.slice(0, 2) },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<{
      id: string;
      reference: string;
      title: string;
      status: string;
      referralCount: number;
      referrals: { id: string; status: string }[];
    }>();
    expect(created.reference).toMatch(/^C-\d{4}-\d{5}$/);
    expect(created).toMatchObject({ status: 'intake', referralCount: 2 });
    expect(created.title).toContain('R-');
    expect(created.referrals.map((r) => r.id).sort()).toEqual(referralIds.slice(0, 2).sort());
    expect(created.referrals.every((r) => r.status === 'case-opened')).toBe(true);

    const referral = await call(ctx.app, analyst, {
      method: 'GET',
      url: `/api/v1/referrals/${referralIds[0]}`,
    });
    expect(referral.json().cases).toEqual([
      { id: created.id, reference: created.reference, title: created.title },
    ]);
    const fetched = await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/cases/${created.id}` });
    expect(fetched.json()).toEqual(created);
    const list = await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/cases' });
    expect(list.json()).toMatchObject({
      total: 1,
      items: [{ id: created.id, referralCount: 2, createdBy: analyst.username }],
    });
  });

  it('takes a title and rejects bad or foreign referral ids without creating anything', async () => {
    const titled = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { title: 'Operation Liwanag', referralIds: [referralIds[2]] },
    });
    expect(titled.json().title).toBe('Operation Liwanag');

    const outsider = await createTestUser(ctx.services, 'analyst', 'Another Unit');
    const foreign = await call(ctx.app, outsider, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { referralIds: [referralIds[0]] },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('referralIds');
    const empty = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { referralIds: [] },
    });
    expect(empty.json().error).toMatchObject({
      field: 'referralIds',
      message: 'referralIds: a case needs at least one referral',
    });
    const notUuid = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { referralIds: ['x'] },
    });
    expect(notUuid.json().error.field).toBe('referralIds[0]');
    const hidden = await call(ctx.app, outsider, { method: 'GET', url: `/api/v1/cases/${titled.json().id}` });
    expect(hidden.statusCode).toBe(404);
    const cases = await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/cases' });
    expect(cases.json().total).toBe(2);
  });
});

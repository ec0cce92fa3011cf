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

interface Priority {
  priority: { factors: { name: string; evidence: string }[] };
}

/** Two referrals sharing an account, and one on its own: linking feeds the triage factors. */
describe.each(DATABASE_KINDS)('links raise priority (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;

  const create = async (email: string) =>
    (
      await call(ctx.app, analyst, {
        method: 'POST',
        url: '/api/v1/referrals',
        payload: sampleReferral({
          reportedPersons: [{ role: 'reported', identifiers: [{ kind: 'email', value: email }] }],
        }),
      })
    ).json<{ id: string }>().id;
  const factors = async (id: string) =>
    (await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals/${id}` }))
      .json<Priority>()
      .priority.factors.filter((f) => f.name.startsWith('linked-'));

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
  });
  afterAll(() => ctx.close());

  it('scores a referral linked to another, then to an open case while it is open, once linking has found the link', async () => {
    const first = await create('shared.account@example.com');
    const second = await create('Shared.Account@example.com');
    const alone = await create('someone.else@example.com');
    await backgroundSettled(ctx.services);
    expect(await factors(second)).toEqual([
      expect.objectContaining({
        name: 'linked-referrals',
        evidence: 'links: shares an identifier with other referrals',
      }),
    ]);
    expect(await factors(alone)).toEqual([]);

    const opened = await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { referralIds: [first] },
    });
    expect(opened.statusCode).toBe(201);
    await backgroundSettled(ctx.services);
    expect((await factors(second)).map((f) => f.name).sort()).toEqual([
      'linked-open-case',
      'linked-referrals',
    ]);
    // Its own case is not a new lead for the referral in it.
    expect((await factors(first)).map((f) => f.name)).toEqual(['linked-referrals']);

    // Closing the case takes the factor away; reopening it brings it back.
    const caseId = opened.json<{ id: string }>().id;
    const reason = { reason: 'Referred to another unit for investigation' };
    const lifecycle = (action: string) =>
      call(ctx.app, analyst, { method: 'POST', url: `/api/v1/cases/${caseId}/${action}`, payload: reason });
    expect((await lifecycle('close')).statusCode).toBe(200);
    await backgroundSettled(ctx.services);
    expect((await factors(second)).map((f) => f.name)).toEqual(['linked-referrals']);
    expect((await lifecycle('reopen')).statusCode).toBe(200);
    await backgroundSettled(ctx.services);
    expect((await factors(second)).map((f) => f.name).sort()).toEqual([
      'linked-open-case',
      'linked-referrals',
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
  type TestUser,
} from './helpers.ts';

/** The queue's platform and review-flag filters, each against a referral that must and one that must not match. */
describe.each(DATABASE_KINDS)('queue filters by platform and review flag (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let fromPlatform: string;
  let flagged: string;

  const create = async (overrides: Record<string, unknown>) =>
    (
      await call(ctx.app, analyst, {
        method: 'POST',
        url: '/api/v1/referrals',
        payload: sampleReferral(overrides),
      })
    ).json<{ id: string }>().id;
  const ids = async (query: string) =>
    (await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals?${query}` }))
      .json<{ items: { id: string }[] }>()
      .items.map((r) => r.id);

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    fromPlatform = await create({
      source: 'cybertipline',
      reporter: { kind: 'platform', name: 'Example Social', country: 'US' },
    });
    flagged = await create({
      files: [{ name: 'a.jpg', md5: 'ab'.repeat(16), annotations: ['generativeAi'] }],
    });
  });
  afterAll(() => ctx.close());

  it('keeps only the named platform’s referrals', async () => {
    expect(await ids('platform=Example%20Social')).toEqual([fromPlatform]);
    expect(await ids('platform=Nobody')).toEqual([]);
  });

  it('keeps only referrals carrying the review flag', async () => {
    expect(await ids('flag=generative-ai')).toEqual([flagged]);
    expect(await ids('flag=viral-meme')).toEqual([]);
  });

  it('keeps the referrals still to act on with status=open, and leaves closed ones out', async () => {
    const closed = await create({});
    const res = await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/referrals/${closed}/close`,
      payload: { reason: 'duplicate' },
    });
    expect(res.statusCode).toBe(200);
    const open = await ids('status=open');
    expect(open.sort()).toEqual([fromPlatform, flagged].sort());
    expect(await ids('status=closed')).toEqual([closed]);
    expect((await ids('')).length).toBe(3);
  });

  it('refuses a flag that is not a review flag, naming the parameter', async () => {
    const res = await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/referrals?flag=escalation' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/flag/);
  });
});

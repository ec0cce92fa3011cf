import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestContext, createTestUser, sampleReferral, type TestContext } from './helpers.ts';

describe('logs', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext('pglite');
  });
  afterAll(() => ctx.close());

  it('carry no referral text, identifiers or search terms', async () => {
    const analyst = await createTestUser(ctx.services, 'analyst');
    const secret = 'Maria-Dela-Cruz-victim-name-marker';
    const payload = sampleReferral({
      notes: `Child named ${secret} disclosed abuse.`,
      incident: { type: 'child-sexual-molestation', summary: secret },
    });
    const created = await call(ctx.app, analyst, { method: 'POST', url: '/api/v1/referrals', payload });
    expect(created.statusCode).toBe(201);
    await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals?q=${secret}` });
    await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: { ...payload, bogus: secret },
    });
    await call(ctx.app, analyst, {
      method: 'POST',
      url: '/api/v1/referrals',
      payload: `{"notes":"${secret}`,
      headers: { 'content-type': 'application/json' },
    });

    const text = ctx.logs.join('');
    expect(ctx.logs.length).toBeGreaterThan(4);
    expect(text).toContain('/api/v1/referrals');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('facilitator.demo');
    expect(text).not.toContain('Bearer');
  });
});

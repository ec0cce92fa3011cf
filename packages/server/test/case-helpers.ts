import { expect } from 'vitest';
import { call, sampleReferral, type TestContext, type TestUser } from './helpers.ts';

/** A case opened by `user` from a new referral of theirs, with the template if given. */
export async function openTestCase<T = { id: string }>(
  ctx: TestContext,
  user: TestUser,
  template?: string,
): Promise<T> {
  const referral = await call(ctx.app, user, {
    method: 'POST',
    url: '/api/v1/referrals',
    payload: sampleReferral(),
  });
  const res = await call(ctx.app, user, {
    method: 'POST',
    url: '/api/v1/cases',
    payload: { referralIds: [referral.json().id], ...(template ? { template } : {}) },
  });
  expect(res.statusCode).toBe(201);
  return res.json<T>();
}

/** A request with or without a JSON body. */
export function send(ctx: TestContext, user: TestUser, method: string, url: string, payload?: unknown) {
  return call(ctx.app, user, {
    method: method as 'POST',
    url,
    ...(payload ? { payload: payload as object } : {}),
  });
}

/** The audit entries of one action on one case. */
export function auditedOnCase(ctx: TestContext, caseId: string, action: string) {
  return ctx.services.db
    .selectFrom('audit_log')
    .select(['action', 'details'])
    .where('entity_id', '=', caseId)
    .where('action', '=', action)
    .execute();
}

/** The first 100 events of a case's timeline, newest first. */
export async function caseTimeline(ctx: TestContext, user: TestUser, caseId: string) {
  const res = await call(ctx.app, user, {
    method: 'GET',
    url: `/api/v1/cases/${caseId}/timeline?pageSize=100`,
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: { kind: string; summary: string }[]; total: number }>();
}

import type { Services } from '../src/services.ts';
import { call, sampleReferral, type TestContext, type TestUser } from './helpers.ts';

/** A case opened by `lead` (who becomes its lead) from a fresh sample referral filed by `analyst`. */
export async function openCase(
  ctx: TestContext,
  analyst: TestUser,
  lead: TestUser,
  referral = sampleReferral(),
) {
  const filed = await call(ctx.app, analyst, { method: 'POST', url: '/api/v1/referrals', payload: referral });
  const referralId = filed.json().id as string;
  const opened = await call(ctx.app, lead, {
    method: 'POST',
    url: '/api/v1/cases',
    payload: { referralIds: [referralId] },
  });
  if (opened.statusCode !== 201) throw new Error(opened.body);
  return { caseId: opened.json().id as string, referralId };
}

/** Puts users on a case's team (the team routes belong to the case lifecycle). */
export async function joinTeam(services: Services, caseId: string, ...users: TestUser[]) {
  await services.db
    .insertInto('case_team')
    .values(users.map((u) => ({ case_id: caseId, user_id: u.actor.userId })))
    .execute();
}

/** The newest audit entries with this action. */
export async function auditEntries(services: Services, action: string) {
  return services.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'actor_user_id', 'details'])
    .where('action', '=', action)
    .orderBy('seq', 'desc')
    .execute();
}

/** The case's timeline, oldest first. */
export async function timeline(services: Services, caseId: string) {
  return services.db
    .selectFrom('case_events')
    .select(['kind', 'summary', 'detail'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

import type { Services } from '../src/services.ts';
import { call, sampleReferral, type TestContext, type TestUser } from './helpers.ts';

/** Opens a case from a fresh referral of the user's organisation and returns its id. */
export async function openCase(ctx: TestContext, user: TestUser): Promise<string> {
  const referral = await call(ctx.app, user, {
    method: 'POST',
    url: '/api/v1/referrals',
    payload: sampleReferral(),
  });
  const created = await call(ctx.app, user, {
    method: 'POST',
    url: '/api/v1/cases',
    payload: { referralIds: [referral.json().id] },
  });
  return created.json().id;
}

/** The audit entries of an action, newest last. */
export async function auditEntries(services: Services, action: string) {
  return services.db
    .selectFrom('audit_log')
    .select(['action', 'entity_type', 'entity_id', 'actor_org_id', 'details'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

export const sampleEvidence = (label = 'E-1') => ({
  label,
  description: 'Forensic image of the facilitator’s phone',
  sha256: 'A'.repeat(64),
  md5: 'b'.repeat(32),
  heldIn: { system: 'Agency forensic store', location: 'Manila lab, rack 4', reference: 'FS-2026-0042' },
  custody: {
    from: 'Arresting officer PO2 Reyes',
    to: 'Evidence custodian Cruz',
    at: '2026-10-02T09:00:00Z',
    reason: 'Seized during the operation',
  },
});

/** A subject (an accused) of the case, written straight to the table the people routes keep. */
export async function addSubject(services: Services, caseId: string, label: string): Promise<string> {
  const row = await services.db
    .insertInto('case_subjects')
    .values({ case_id: caseId, label })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A victim of the case by pseudonym only. */
export async function addVictim(services: Services, caseId: string) {
  return services.db
    .insertInto('case_victims')
    .values({ case_id: caseId })
    .returning(['id', 'pseudonym'])
    .executeTakeFirstOrThrow();
}

/** Charges the subject under the catalogue offence with the given code (as a user with case:prosecute). */
export async function chargeUnder(
  ctx: TestContext,
  user: TestUser,
  caseId: string,
  subjectId: string,
  code: string,
) {
  const statutes = (await call(ctx.app, user, { method: 'GET', url: '/api/v1/statutes' })).json().items;
  return call(ctx.app, user, {
    method: 'POST',
    url: `/api/v1/cases/${caseId}/prosecution/charges`,
    payload: { subjectId, statuteId: statutes.find((s: { code: string }) => s.code === code).id },
  });
}

/** Records a restricted recording of the victim's disclosure interview and flags it. */
export async function recordInterview(
  ctx: TestContext,
  user: TestUser,
  caseId: string,
  victimId: string,
  label = 'DI-1',
) {
  const recording = await call(ctx.app, user, {
    method: 'POST',
    url: `/api/v1/cases/${caseId}/evidence`,
    payload: {
      ...sampleEvidence(label),
      restricted: true,
      sha256: 'd'.repeat(64),
      heldIn: { system: 'Interview vault', location: 'WCPC', reference: 'REC-77' },
    },
  });
  await call(ctx.app, user, {
    method: 'POST',
    url: `/api/v1/cases/${caseId}/prosecution/disclosure-interviews`,
    payload: { victimId, evidenceId: recording.json().id, recordedOn: '2026-10-05', recordedBy: 'WCPC' },
  });
  return recording.json().id as string;
}

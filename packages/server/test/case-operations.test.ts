import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, joinTeam, openCase, timeline } from './case-fixtures.ts';
import {
  call,
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  type TestContext,
  type TestUser,
} from './helpers.ts';

describe.each(DATABASE_KINDS)('operations and aftercare (%s)', (kind) => {
  let ctx: TestContext;
  let lead: TestUser;
  let supervisor: TestUser;
  let colleague: TestUser;
  let offTeamSupervisor: TestUser;
  let socialWorker: TestUser;
  let admin: TestUser;
  let caseId: string;
  let victimId: string;
  let uncleId: string;
  const url = (path = '') => `/api/v1/cases/${caseId}${path}`;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    const analyst = await createTestUser(ctx.services, 'analyst');
    lead = await createTestUser(ctx.services, 'investigator');
    supervisor = await createTestUser(ctx.services, 'supervisor');
    colleague = await createTestUser(ctx.services, 'investigator');
    offTeamSupervisor = await createTestUser(ctx.services, 'supervisor');
    socialWorker = await createTestUser(ctx.services, 'social-worker');
    admin = await createTestUser(ctx.services, 'admin');
    ({ caseId } = await openCase(ctx, analyst, lead));
    await joinTeam(ctx.services, caseId, supervisor);
    const uncle = await call(ctx.app, lead, {
      method: 'POST',
      url: url('/subjects'),
      payload: { label: 'Uncle Subject', identifiers: [{ kind: 'phone', value: '0917 555 0101' }] },
    });
    uncleId = uncle.json().id;
    const victim = await call(ctx.app, lead, {
      method: 'POST',
      url: url('/victims'),
      payload: { ageBand: '10-12', relations: [{ subjectId: uncleId, relationship: 'relative' }] },
    });
    victimId = victim.json().id;
  });
  afterAll(() => ctx.close());

  const plan = (user: TestUser, extra: object = {}) =>
    call(ctx.app, user, {
      method: 'POST',
      url: url('/operations'),
      payload: {
        name: 'Operation Bituin',
        plannedFor: '2026-12-10',
        region: 'VII',
        city: 'Lapu-Lapu City',
        teamIds: [lead.actor.userId, supervisor.actor.userId],
        socialWorkerIds: [socialWorker.actor.userId],
        partnerAgencies: ['PNP-WCPC', 'DSWD Region VII'],
        ...extra,
      },
    });

  describe('operations', () => {
    it('are visible to the case team only: another user of the organisation gets 403', async () => {
      const list = await call(ctx.app, colleague, { method: 'GET', url: url('/operations') });
      const planByColleague = await plan(colleague);
      for (const res of [list, planByColleague]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().error.message).toContain('case team only');
      }
      const planned = await plan(lead);
      const id = planned.json().id;
      for (const path of [`/operations/${id}/approve`, `/operations/${id}/outcome`]) {
        const user = path.endsWith('approve') ? offTeamSupervisor : colleague;
        const res = await call(ctx.app, user, {
          method: 'POST',
          url: url(path),
          payload: { carriedOutOn: '2026-12-10' },
        });
        expect(res.statusCode, path).toBe(403);
      }
      const after = await call(ctx.app, colleague, { method: 'GET', url: url('/operations') });
      expect(after.body).not.toContain('Bituin');
    });

    it('is planned with team, social workers and partners at city level, and says nothing of it on the timeline', async () => {
      const res = await plan(lead);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        status: 'planned',
        plannedFor: '2026-12-10',
        region: 'VII',
        city: 'Lapu-Lapu City',
        partnerAgencies: ['PNP-WCPC', 'DSWD Region VII'],
        socialWorkers: [{ id: socialWorker.actor.userId }],
        plannedBy: lead.username,
        outcome: null,
      });
      expect(res.json().team).toHaveLength(2);
      const events = await timeline(ctx.services, caseId);
      expect(events.at(-1)).toMatchObject({ kind: 'operation.plan', summary: 'An operation was planned' });
      expect(JSON.stringify(events)).not.toContain('Lapu-Lapu');
    });

    it('names a planned social worker who is not one, and a street address is refused', async () => {
      const before = await countRows(ctx.services, 'case_operations');
      const wrong = await plan(lead, { socialWorkerIds: [colleague.actor.userId] });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.field).toBe('socialWorkerIds');
      const street = await plan(lead, { address: '12 Rizal Street' });
      expect(street.statusCode).toBe(400);
      expect(await countRows(ctx.services, 'case_operations')).toBe(before);
    });

    it('needs a supervisor’s approval, never the planner’s own, before its outcome', async () => {
      const own = await plan(supervisor);
      const selfApproval = await call(ctx.app, supervisor, {
        method: 'POST',
        url: url(`/operations/${own.json().id}/approve`),
      });
      expect(selfApproval.statusCode).toBe(403);
      expect(selfApproval.json().error.message).toContain('other than its planner');

      const id = (await plan(lead)).json().id;
      expect(
        (await call(ctx.app, lead, { method: 'POST', url: url(`/operations/${id}/approve`) })).statusCode,
      ).toBe(403);
      const early = await call(ctx.app, lead, {
        method: 'POST',
        url: url(`/operations/${id}/outcome`),
        payload: { carriedOutOn: '2026-12-10' },
      });
      expect(early.statusCode).toBe(409);

      const approved = await call(ctx.app, supervisor, {
        method: 'POST',
        url: url(`/operations/${id}/approve`),
      });
      expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: supervisor.username });
      expect(
        (await call(ctx.app, supervisor, { method: 'POST', url: url(`/operations/${id}/approve`) }))
          .statusCode,
      ).toBe(409);

      const badVictim = await call(ctx.app, lead, {
        method: 'POST',
        url: url(`/operations/${id}/outcome`),
        payload: {
          carriedOutOn: '2026-12-10',
          safeguardedVictimIds: ['00000000-0000-4000-8000-000000000000'],
        },
      });
      expect(badVictim.statusCode).toBe(400);
      expect(badVictim.json().error.field).toBe('safeguardedVictimIds');

      const outcome = await call(ctx.app, lead, {
        method: 'POST',
        url: url(`/operations/${id}/outcome`),
        payload: {
          carriedOutOn: '2026-12-10',
          safeguardedVictimIds: [victimId],
          arrestedSubjectIds: [uncleId],
          evidenceSeized: 'Two phones and a laptop, sealed and logged.',
        },
      });
      expect(outcome.statusCode).toBe(200);
      expect(outcome.json()).toMatchObject({
        status: 'carried-out',
        outcome: {
          carriedOutOn: '2026-12-10',
          safeguarded: [{ id: victimId }],
          arrested: [{ id: uncleId, label: 'Uncle Subject' }],
          evidenceSeized: 'Two phones and a laptop, sealed and logged.',
        },
      });
      expect((await auditEntries(ctx.services, 'operation.outcome'))[0]).toMatchObject({
        entity_id: id,
        details: { caseId, safeguarded: 1, arrested: 1 },
      });
    });
  });

  describe('aftercare', () => {
    it('is visible to social workers (and admins, who hold every permission) only', async () => {
      for (const user of [lead, supervisor]) {
        const res = await call(ctx.app, user, { method: 'GET', url: url('/aftercare') });
        expect(res.statusCode).toBe(403);
      }
      for (const user of [socialWorker, admin]) {
        const res = await call(ctx.app, user, { method: 'GET', url: url('/aftercare') });
        expect(res.statusCode).toBe(200);
      }
      const stage = await call(ctx.app, lead, {
        method: 'POST',
        url: url(`/victims/${victimId}/aftercare/stages`),
        payload: { stage: 'II-initial-assessment', enteredOn: '2026-12-11' },
      });
      expect(stage.statusCode).toBe(403);
    });

    it('refuses a placement with a subject, and flags one with relatives when a relative is a subject', async () => {
      const place = (payload: object) =>
        call(ctx.app, socialWorker, {
          method: 'POST',
          url: url(`/victims/${victimId}/aftercare/placements`),
          payload: { placedOn: '2026-12-11', location: 'Home of the caregiver, Barangay Test', ...payload },
        });
      const before = await countRows(ctx.services, 'aftercare_placements');
      const named = await place({ kind: 'relatives', caregiver: { name: 'Tito', subjectId: uncleId } });
      expect(named.statusCode).toBe(409);
      expect(named.json().error.field).toBe('caregiver');
      const samePhone = await place({
        kind: 'foster-family',
        caregiver: { name: 'A. Cruz', identifiers: [{ kind: 'phone', value: '+63 917 555 0101' }] },
      });
      expect(samePhone.statusCode).toBe(409);
      const sameName = await place({ kind: 'relatives', caregiver: { name: 'uncle subject' } });
      expect(sameName.statusCode).toBe(409);
      const unnamed = await place({ kind: 'relatives' });
      expect(unnamed.statusCode).toBe(400);
      expect(unnamed.json().error.field).toBe('caregiver');
      expect(await countRows(ctx.services, 'aftercare_placements')).toBe(before);

      const flagged = await place({
        kind: 'relatives',
        caregiver: { name: 'Aunt Ana' },
        contact: '+63 917 000 2222',
      });
      expect(flagged.statusCode).toBe(201);
      const [placement] = flagged.json().placements;
      expect(placement).toMatchObject({
        kind: 'relatives',
        caregiverName: 'Aunt Ana',
        location: 'Home of the caregiver, Barangay Test',
        conflictFlag: expect.stringContaining('relative of this child is a subject'),
      });
      const row = await ctx.services.db
        .selectFrom('aftercare_placements')
        .selectAll()
        .where('id', '=', placement.id)
        .executeTakeFirstOrThrow();
      expect(row.details_ciphertext).not.toContain('Barangay Test');
      expect(row.details_ciphertext).not.toContain('Aunt Ana');
      const [entry] = await auditEntries(ctx.services, 'aftercare.placement');
      expect(JSON.stringify(entry!.details)).not.toContain('Barangay');
      expect(entry!.details).toMatchObject({ flagged: true, kind: 'relatives' });

      const ended = await call(ctx.app, socialWorker, {
        method: 'POST',
        url: url(`/victims/${victimId}/aftercare/placements/${placement.id}/end`),
        payload: { endedOn: '2026-12-20' },
      });
      expect(ended.json().placements[0].endedOn).toBe('2026-12-20');
    });

    it('records the protocol stages, services and reintegration', async () => {
      const post = (path: string, payload: object, method: 'POST' | 'PUT' = 'POST') =>
        call(ctx.app, socialWorker, { method, url: url(`/victims/${victimId}/aftercare/${path}`), payload });
      expect(
        (await post('stages', { stage: 'II-initial-assessment', enteredOn: '2026-12-11' })).statusCode,
      ).toBe(201);
      expect((await post('stages', { stage: 'V-unknown', enteredOn: '2026-12-11' })).statusCode).toBe(400);
      await post('stages', {
        stage: 'III-planning-implementation-reassessment',
        enteredOn: '2026-12-18',
        note: 'Plan agreed',
      });
      await post('services', { service: 'psychosocial', deliveredOn: '2026-12-19', provider: 'DSWD' });
      const res = await post('reintegration', { reintegratedOn: '2027-03-01' }, 'PUT');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        stage: 'III-planning-implementation-reassessment',
        stages: [
          { stage: 'II-initial-assessment' },
          { stage: 'III-planning-implementation-reassessment', note: 'Plan agreed' },
        ],
        services: [{ service: 'psychosocial', deliveredOn: '2026-12-19', provider: 'DSWD' }],
        reintegratedOn: '2027-03-01',
      });
      const events = await timeline(ctx.services, caseId);
      expect(events.at(-1)).toMatchObject({ kind: 'aftercare.update', summary: 'Aftercare record updated' });
    });
  });
});

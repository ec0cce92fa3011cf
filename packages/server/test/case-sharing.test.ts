import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSubject,
  addVictim,
  auditEntries,
  chargeUnder,
  openCase,
  recordInterview,
  sampleEvidence,
} from './case-justice-fixtures.ts';
import {
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  type TestContext,
  type TestUser,
} from './helpers.ts';

describe.each(DATABASE_KINDS)('sharing cases between organisations (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let supervisor: TestUser;
  let nca: TestUser;
  let ngo: TestUser;
  let outsider: TestUser;
  let caseId: string;
  let victimPseudonym: string;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    supervisor = await createTestUser(ctx.services, 'supervisor');
    nca = await createTestUser(ctx.services, 'supervisor', 'UK National Crime Agency');
    ngo = await createTestUser(ctx.services, 'supervisor', 'Partner NGO');
    outsider = await createTestUser(ctx.services, 'supervisor', 'Unrelated Unit');
    caseId = await openCase(ctx, analyst);
    const subjectId = await addSubject(ctx.services, caseId, 'Subject A');
    await chargeUnder(ctx, supervisor, caseId, subjectId, 'RA 11930');
    await call(ctx.app, analyst, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      payload: sampleEvidence('E-1'),
    });
    const victim = await addVictim(ctx.services, caseId);
    victimPseudonym = victim.pseudonym;
    await recordInterview(ctx, analyst, caseId, victim.id);
    // An operation event of the case team: never shared, whatever the ceiling.
    await ctx.services.db
      .insertInto('case_events')
      .values({
        case_id: caseId,
        actor_name: 'x',
        kind: 'operation.plan',
        summary: 'Operation planned for Barangay 12',
      })
      .execute();
  });
  afterAll(() => ctx.close());

  const share = (user: TestUser, payload: Record<string, unknown>, id = caseId) =>
    call(ctx.app, user, { method: 'POST', url: `/api/v1/cases/${id}/shares`, payload });
  const decide = (user: TestUser, shareId: string, action: string) =>
    call(ctx.app, user, { method: 'POST', url: `/api/v1/case-shares/${shareId}/${action}` });
  const shared = (user: TestUser, id = caseId) =>
    call(ctx.app, user, { method: 'GET', url: `/api/v1/cases/${id}/shared` });

  it('lists the organisations a case can be offered to', async () => {
    const partners = await call(ctx.app, supervisor, { method: 'GET', url: '/api/v1/case-shares/partners' });
    const names = partners.json().items.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(['UK National Crime Agency', 'Partner NGO']));
    expect(partners.json().items.map((o: { id: string }) => o.id)).not.toContain(
      supervisor.actor.organisationId,
    );
    expect(
      (await call(ctx.app, analyst, { method: 'GET', url: '/api/v1/case-shares/partners' })).statusCode,
    ).toBe(403);
  });

  it('validates a request and keeps one live share per organisation', async () => {
    const bad = await share(supervisor, {
      organisationId: nca.actor.organisationId,
      kind: 'share',
      ceiling: 'RED',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('ceiling');
    const own = await share(supervisor, { organisationId: supervisor.actor.organisationId, kind: 'share' });
    expect(own.json().error.field).toBe('organisationId');
    const denied = await share(analyst, { organisationId: nca.actor.organisationId, kind: 'share' });
    expect(denied.statusCode).toBe(403);
    const foreign = await share(outsider, { organisationId: nca.actor.organisationId, kind: 'share' });
    expect(foreign.statusCode).toBe(404);
  });

  it('shows a GREEN recipient the summary and prosecution, and nothing before it accepts', async () => {
    const requested = await share(supervisor, {
      organisationId: nca.actor.organisationId,
      kind: 'share',
      ceiling: 'GREEN',
      note: 'For the UK customer',
    });
    expect(requested.statusCode).toBe(201);
    expect(requested.json()).toMatchObject({
      kind: 'share',
      state: 'requested',
      ceiling: 'GREEN',
      to: { name: 'UK National Crime Agency' },
    });
    const again = await share(supervisor, {
      organisationId: nca.actor.organisationId,
      kind: 'share',
      ceiling: 'GREEN',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(requested.json().id);
    const other = await share(supervisor, {
      organisationId: nca.actor.organisationId,
      kind: 'share',
      ceiling: 'AMBER',
    });
    expect(other.statusCode).toBe(409);
    expect((await shared(nca)).statusCode).toBe(404);

    const incoming = (await call(ctx.app, nca, { method: 'GET', url: '/api/v1/case-shares' })).json().items;
    expect(incoming).toMatchObject([{ id: requested.json().id, caseId, state: 'requested' }]);
    const investigator = await createTestUser(ctx.services, 'investigator', 'UK National Crime Agency');
    expect((await decide(investigator, requested.json().id, 'accept')).statusCode).toBe(403);
    expect((await decide(supervisor, requested.json().id, 'accept')).statusCode).toBe(404);
    const accepted = await decide(nca, requested.json().id, 'accept');
    expect(accepted.json().state).toBe('accepted');
    expect((await decide(nca, requested.json().id, 'accept')).statusCode).toBe(409);

    const view = await shared(nca);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      id: caseId,
      ceiling: 'GREEN',
      parts: ['summary', 'prosecution'],
      owner: { id: supervisor.actor.organisationId },
    });
    expect(view.json().prosecution.charges).toEqual([
      {
        accused: 'Subject A',
        statute: 'PH RA 11930',
        counts: 1,
        verdict: null,
        sentence: null,
        appeal: null,
      },
    ]);
    expect(view.json().timeline).toBeUndefined();
    expect(view.json().evidence).toBeUndefined();
    expect(view.body).not.toContain('DI-1');
    expect(view.body).not.toContain(victimPseudonym);

    // Every route that does not ask for the shared view keeps refusing the recipient.
    const routes = [
      '',
      '/evidence',
      '/evidence/verify',
      '/prosecution',
      '/shares',
      '/report',
      '/subjects',
      '/victims',
      '/operations',
      '/aftercare',
      '/identifiers',
    ];
    for (const path of routes) {
      const res = await call(ctx.app, nca, { method: 'GET', url: `/api/v1/cases/${caseId}${path}` });
      // 404 as for an unshared case; 403 where the role lacks the part's own permission (aftercare).
      expect([403, 404], path).toContain(res.statusCode);
    }
    const write = await call(ctx.app, nca, {
      method: 'POST',
      url: `/api/v1/cases/${caseId}/evidence`,
      payload: sampleEvidence('E-9'),
    });
    expect(write.statusCode).toBe(404);
    expect((await shared(outsider)).statusCode).toBe(404);

    const audit = await auditEntries(ctx.services, 'case-share.accept');
    expect(audit.at(-1)).toMatchObject({
      actor_org_id: nca.actor.organisationId,
      details: {
        caseId,
        state: 'accepted',
        fromOrganisationId: supervisor.actor.organisationId,
        toOrganisationId: nca.actor.organisationId,
      },
    });
    expect((await auditEntries(ctx.services, 'case.shared-read')).at(-1)).toMatchObject({
      actor_org_id: nca.actor.organisationId,
      details: { ceiling: 'GREEN', parts: ['summary', 'prosecution'] },
    });
  });

  it('shows an AMBER recipient the timeline and evidence, never restricted items or team-only events', async () => {
    const current = (
      await call(ctx.app, supervisor, { method: 'GET', url: `/api/v1/cases/${caseId}/shares` })
    ).json().items[0];
    expect((await decide(nca, current.id, 'revoke')).statusCode).toBe(404);
    expect((await decide(supervisor, current.id, 'revoke')).json().state).toBe('revoked');
    expect((await shared(nca)).statusCode).toBe(404);
    const amber = await share(supervisor, {
      organisationId: nca.actor.organisationId,
      kind: 'referral',
      ceiling: 'AMBER',
    });
    await decide(nca, amber.json().id, 'accept');
    const view = (await shared(nca)).json();
    expect(view.parts).toEqual(['summary', 'prosecution', 'timeline', 'evidence']);
    expect(view.evidence).toEqual([
      {
        label: 'E-1',
        description: sampleEvidence().description,
        sha256: 'a'.repeat(64),
        custodian: 'Evidence custodian Cruz',
        custodyEntries: 1,
      },
    ]);
    const kinds = view.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['case.open', 'charge.add', 'evidence.add', 'referral.accepted']),
    );
    expect(kinds).not.toContain('operation.plan');
    const text = JSON.stringify(view);
    for (const secret of ['DI-1', 'REC-77', 'Interview vault', 'Barangay 12'])
      expect(text).not.toContain(secret);
  });

  it('shows a CLEAR recipient the summary only, and nobody anything of a RED case', async () => {
    const clear = await share(supervisor, {
      organisationId: ngo.actor.organisationId,
      kind: 'share',
      ceiling: 'CLEAR',
    });
    await decide(ngo, clear.json().id, 'accept');
    const view = (await shared(ngo)).json();
    expect(view).toMatchObject({
      reference: expect.stringMatching(/^C-/),
      status: 'intake',
      parts: ['summary'],
    });
    expect(Object.keys(view).sort()).toEqual([
      'ceiling',
      'classification',
      'id',
      'owner',
      'parts',
      'reference',
      'status',
      'template',
    ]);

    await ctx.services.db
      .updateTable('cases')
      .set({ classification: 'RED' })
      .where('id', '=', caseId)
      .execute();
    expect((await shared(ngo)).statusCode).toBe(404);
    expect((await shared(nca)).statusCode).toBe(404);
    const red = await share(supervisor, { organisationId: outsider.actor.organisationId, kind: 'share' });
    expect(red.statusCode).toBe(409);
    const preview = (await shared(supervisor)).json();
    expect(preview.parts).toEqual([]);
    await ctx.services.db
      .updateTable('cases')
      .set({ classification: 'AMBER' })
      .where('id', '=', caseId)
      .execute();
  });

  it('transfers a case: on acceptance the recipient owns it and the former owner no longer sees it', async () => {
    const transferred = await openCase(ctx, analyst);
    const rejected = await share(
      supervisor,
      { organisationId: nca.actor.organisationId, kind: 'transfer' },
      transferred,
    );
    expect((await decide(nca, rejected.json().id, 'reject')).json().state).toBe('rejected');
    expect(
      (await call(ctx.app, nca, { method: 'GET', url: `/api/v1/cases/${transferred}` })).statusCode,
    ).toBe(404);
    const offered = await share(
      supervisor,
      { organisationId: nca.actor.organisationId, kind: 'transfer' },
      transferred,
    );
    expect(offered.statusCode).toBe(201);
    expect((await decide(nca, offered.json().id, 'accept')).json().state).toBe('accepted');
    expect(
      (await call(ctx.app, nca, { method: 'GET', url: `/api/v1/cases/${transferred}/evidence` })).statusCode,
    ).toBe(200);
    expect(
      (await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/cases/${transferred}/evidence` }))
        .statusCode,
    ).toBe(404);
    expect((await decide(nca, offered.json().id, 'revoke')).statusCode).toBe(409);
    const outgoing = (
      await call(ctx.app, supervisor, { method: 'GET', url: '/api/v1/case-shares?direction=outgoing' })
    ).json().items;
    expect(
      outgoing
        .filter((s: { caseId: string }) => s.caseId === transferred)
        .map((s: { state: string }) => s.state),
    ).toEqual(['accepted', 'rejected']);
    expect((await auditEntries(ctx.services, 'case-share.request')).length).toBeGreaterThanOrEqual(5);
  });
});

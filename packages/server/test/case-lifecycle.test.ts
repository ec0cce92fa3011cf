import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedOnCase, caseTimeline, openTestCase, send } from './case-helpers.ts';
import {
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
  type TestUser,
} from './helpers.ts';

interface Detail {
  id: string;
  status: string;
  template: string;
  classification: string;
  lead: { id: string; name: string } | null;
  team: { userId: string; role: string }[];
  closedReason: string | null;
}

describe.each(DATABASE_KINDS)('case lifecycle (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let colleague: TestUser;
  let prosecutor: TestUser;
  let outsider: TestUser;

  const openCase = (template?: string) => openTestCase<Detail>(ctx, analyst, template);
  const post = (user: TestUser, url: string, payload: unknown) => send(ctx, user, 'POST', url, payload);
  const audited = (caseId: string, action: string) => auditedOnCase(ctx, caseId, action);
  const timeline = (caseId: string) => caseTimeline(ctx, analyst, caseId);

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    colleague = await createTestUser(ctx.services, 'investigator');
    prosecutor = await createTestUser(ctx.services, 'prosecutor');
    outsider = await createTestUser(ctx.services, 'analyst', 'Another Unit');
  });
  afterAll(() => ctx.close());

  it('opens a case from a template with its standard tasks, livestream-for-pay by default', async () => {
    const plain = await openCase();
    expect(plain).toMatchObject({
      template: 'livestream-for-pay',
      classification: 'AMBER',
      status: 'intake',
    });
    expect(plain.lead).toEqual({ id: analyst.actor.userId, name: analyst.username });
    const sextortion = await openCase('sextortion');
    const tasks = await call(ctx.app, analyst, {
      method: 'GET',
      url: `/api/v1/cases/${sextortion.id}/tasks`,
    });
    const items = tasks.json<{ items: { title: string; dueAt: string; fields: unknown[] }[] }>().items;
    expect(items).toHaveLength(4);
    expect(items.map((t) => t.title)).toContain('Ask the platform to take the images down');
    expect(items.every((t) => t.fields.length > 0 && Date.parse(t.dueAt) > Date.now())).toBe(true);
    const events = await timeline(sextortion.id);
    expect(events.items.map((e) => e.kind)).toEqual(['task.create', 'case.open']);

    const bad = await post(analyst, '/api/v1/cases', {
      referralIds: ['00000000-0000-4000-8000-000000000000'],
      template: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('template');
  });

  it('moves through the template’s stages, back only with a reason, and audits each move', async () => {
    const found = await openCase('sextortion');
    const url = `/api/v1/cases/${found.id}/stage`;
    const forward = await post(analyst, url, { stage: 'investigation' });
    expect(forward.statusCode).toBe(200);
    expect(forward.json().status).toBe('investigation');
    // Sextortion has no operation stage, and stages are not skipped.
    const noOperation = await post(analyst, url, { stage: 'operation' });
    expect(noOperation.statusCode).toBe(400);
    expect(noOperation.json().error).toMatchObject({ field: 'stage' });
    expect(noOperation.json().error.message).toContain('no operation stage');
    const skip = await post(analyst, url, { stage: 'aftercare' });
    expect(skip.json().error.field).toBe('stage');
    expect((await post(analyst, url, { stage: 'prosecution' })).json().status).toBe('prosecution');
    // A retry of the same move changes nothing and records nothing.
    expect((await post(analyst, url, { stage: 'prosecution' })).statusCode).toBe(200);
    const noReason = await post(analyst, url, { stage: 'investigation' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    const back = await post(analyst, url, {
      stage: 'investigation',
      reason: 'New evidence from the platform',
    });
    expect(back.json().status).toBe('investigation');
    const unknownStage = await post(analyst, url, { stage: 'closed' });
    expect(unknownStage.json().error.field).toBe('stage');

    const moves = (await timeline(found.id)).items.filter((e) => e.kind === 'stage.change');
    expect(moves.map((e) => e.summary)).toEqual([
      'Stage back from prosecution to investigation: New evidence from the platform',
      'Stage from investigation to prosecution',
      'Stage from intake to investigation',
    ]);
    const audit = await audited(found.id, 'case.stage');
    expect(audit).toHaveLength(3);
    expect(audit.map((a) => a.details)).toContainEqual({
      from: 'prosecution',
      to: 'investigation',
      back: true,
    });
  });

  it('closes with a reason and reopens at the stage it was closed from', async () => {
    const found = await openCase();
    await post(analyst, `/api/v1/cases/${found.id}/stage`, { stage: 'investigation' });
    const noReason = await post(analyst, `/api/v1/cases/${found.id}/close`, {});
    expect(noReason.json().error.field).toBe('reason');
    const notClosed = await post(analyst, `/api/v1/cases/${found.id}/reopen`, { reason: 'x' });
    expect(notClosed.statusCode).toBe(409);
    const closed = await post(analyst, `/api/v1/cases/${found.id}/close`, { reason: 'Referred to the NBI' });
    expect(closed.json()).toMatchObject({ status: 'closed', closedReason: 'Referred to the NBI' });
    const whileClosed = await post(analyst, `/api/v1/cases/${found.id}/stage`, { stage: 'operation' });
    expect(whileClosed.statusCode).toBe(409);
    const reopened = await post(analyst, `/api/v1/cases/${found.id}/reopen`, {
      reason: 'The NBI sent it back',
    });
    expect(reopened.json()).toMatchObject({ status: 'investigation', closedReason: null });
    expect((await timeline(found.id)).items.slice(0, 2).map((e) => e.summary)).toEqual([
      'Case reopened at investigation: The NBI sent it back',
      'Case closed: Referred to the NBI',
    ]);
    expect(await audited(found.id, 'case.close')).toHaveLength(1);
    expect(await audited(found.id, 'case.reopen')).toHaveLength(1);
  });

  it('changes the lead, the team and the classification', async () => {
    const colleagues = await call(ctx.app, prosecutor, { method: 'GET', url: '/api/v1/case-colleagues' });
    const usernames = colleagues.json<{ items: { username: string }[] }>().items.map((u) => u.username);
    expect(usernames).toEqual(
      expect.arrayContaining([analyst.username, colleague.username, prosecutor.username]),
    );
    expect(usernames).not.toContain(outsider.username);
    const found = await openCase();
    const base = `/api/v1/cases/${found.id}`;
    const lead = await call(ctx.app, analyst, {
      method: 'PUT',
      url: `${base}/lead`,
      payload: { userId: colleague.actor.userId },
    });
    expect(lead.json().lead).toEqual({ id: colleague.actor.userId, name: colleague.username });
    const foreignLead = await call(ctx.app, analyst, {
      method: 'PUT',
      url: `${base}/lead`,
      payload: { userId: outsider.actor.userId },
    });
    expect(foreignLead.statusCode).toBe(400);
    expect(foreignLead.json().error.field).toBe('userId');

    const added = await post(analyst, `${base}/team`, {
      userId: prosecutor.actor.userId,
      role: 'prosecutor',
    });
    expect(added.json().team).toEqual([
      expect.objectContaining({
        userId: prosecutor.actor.userId,
        role: 'prosecutor',
        name: prosecutor.username,
      }),
    ]);
    expect(
      (await post(analyst, `${base}/team`, { userId: prosecutor.actor.userId })).json().team,
    ).toHaveLength(1);
    const badRole = await post(analyst, `${base}/team`, { userId: prosecutor.actor.userId, role: 'boss' });
    expect(badRole.json().error.field).toBe('role');
    const removed = await call(ctx.app, analyst, {
      method: 'DELETE',
      url: `${base}/team/${prosecutor.actor.userId}`,
    });
    expect(removed.json().team).toEqual([]);
    const again = await call(ctx.app, analyst, {
      method: 'DELETE',
      url: `${base}/team/${prosecutor.actor.userId}`,
    });
    expect(again.statusCode).toBe(404);

    const raised = await call(ctx.app, analyst, {
      method: 'PUT',
      url: `${base}/classification`,
      payload: { classification: 'RED' },
    });
    expect(raised.json().classification).toBe('RED');
    const lowered = await call(ctx.app, analyst, {
      method: 'PUT',
      url: `${base}/classification`,
      payload: { classification: 'GREEN' },
    });
    expect(lowered.statusCode).toBe(400);
    expect(lowered.json().error.field).toBe('reason');
    const badLevel = await call(ctx.app, analyst, {
      method: 'PUT',
      url: `${base}/classification`,
      payload: { classification: 'PINK' },
    });
    expect(badLevel.json().error.field).toBe('classification');

    const kinds = (await timeline(found.id)).items.map((e) => e.kind);
    expect(kinds.slice(0, 4)).toEqual(['classification.change', 'team.remove', 'team.add', 'lead.change']);
    for (const action of ['case.lead', 'case.team.add', 'case.team.remove', 'case.classification']) {
      expect(await audited(found.id, action), action).toHaveLength(1);
    }
  });

  it('pages the timeline newest first and audits the read', async () => {
    const found = await openCase();
    const base = `/api/v1/cases/${found.id}`;
    await post(analyst, `${base}/stage`, { stage: 'investigation' });
    await post(analyst, `${base}/stage`, { stage: 'operation' });
    const first = await call(ctx.app, analyst, { method: 'GET', url: `${base}/timeline?pageSize=2` });
    expect(first.json()).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(first.json().items.map((e: { kind: string }) => e.kind)).toEqual(['stage.change', 'stage.change']);
    expect(first.json().items[0]).toMatchObject({ actor: analyst.username, detail: { to: 'operation' } });
    const second = await call(ctx.app, analyst, { method: 'GET', url: `${base}/timeline?pageSize=2&page=2` });
    expect(second.json().items.map((e: { kind: string }) => e.kind)).toEqual(['task.create', 'case.open']);
    const bad = await call(ctx.app, analyst, { method: 'GET', url: `${base}/timeline?page=0` });
    expect(bad.json().error.field).toBe('query.page');
    expect((await audited(found.id, 'case.timeline.read')).length).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 to another organisation and 403 to a role that cannot manage cases', async () => {
    const found = await openCase();
    const base = `/api/v1/cases/${found.id}`;
    const requests: [string, string, unknown][] = [
      ['POST', `${base}/stage`, { stage: 'investigation' }],
      ['POST', `${base}/close`, { reason: 'x' }],
      ['POST', `${base}/reopen`, { reason: 'x' }],
      ['PUT', `${base}/lead`, { userId: outsider.actor.userId }],
      ['POST', `${base}/team`, { userId: outsider.actor.userId }],
      ['DELETE', `${base}/team/${outsider.actor.userId}`, undefined],
      ['PUT', `${base}/classification`, { classification: 'RED' }],
      ['GET', `${base}/timeline`, undefined],
    ];
    for (const [method, url, payload] of requests) {
      const res = await call(ctx.app, outsider, {
        method: method as 'GET',
        url,
        ...(payload ? { payload: payload as object } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    for (const [method, url, payload] of requests.filter(([m]) => m !== 'GET')) {
      const res = await call(ctx.app, prosecutor, {
        method: method as 'GET',
        url,
        ...(payload ? { payload: payload as object } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await call(ctx.app, prosecutor, { method: 'GET', url: `${base}/timeline` })).statusCode).toBe(
      200,
    );
    expect((await call(ctx.app, analyst, { method: 'GET', url: base })).json().status).toBe('intake');
  });

  it('filters the case list and exports it as CSV without victim data', async () => {
    const lister = await createTestUser(ctx.services, 'analyst', 'List Unit');
    const open = async (template: string, title: string) => {
      const referral = await call(ctx.app, lister, {
        method: 'POST',
        url: '/api/v1/referrals',
        payload: sampleReferral(),
      });
      return (
        await post(lister, '/api/v1/cases', { referralIds: [referral.json().id], template, title })
      ).json<Detail>();
    };
    const mine = await open('sextortion', '=HYPERLINK("x"), a "quoted" title');
    const other = await open('foreign-offender', 'Demand side');
    const teammate = await createTestUser(ctx.services, 'investigator', 'List Unit');
    await call(ctx.app, lister, {
      method: 'PUT',
      url: `/api/v1/cases/${other.id}/lead`,
      payload: { userId: teammate.actor.userId },
    });
    await post(lister, `/api/v1/cases/${mine.id}/stage`, { stage: 'investigation' });

    const ids = async (user: TestUser, query: string) =>
      (await call(ctx.app, user, { method: 'GET', url: `/api/v1/cases?${query}` }))
        .json<{ items: { id: string }[] }>()
        .items.map((c) => c.id);
    expect(await ids(lister, 'template=sextortion')).toEqual([mine.id]);
    expect(await ids(lister, 'status=investigation')).toEqual([mine.id]);
    expect(await ids(lister, `lead=${teammate.actor.userId}`)).toEqual([other.id]);
    expect(await ids(lister, 'mine=true')).toEqual([mine.id]);
    expect(await ids(teammate, 'mine=true')).toEqual([other.id]);
    expect((await ids(lister, '')).sort()).toEqual([mine.id, other.id].sort());
    const bad = await call(ctx.app, lister, { method: 'GET', url: '/api/v1/cases?template=nope' });
    expect(bad.json().error.field).toBe('query.template');

    const csv = await call(ctx.app, lister, {
      method: 'GET',
      url: '/api/v1/cases?format=csv&template=sextortion',
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'reference,title,stage,template,classification,lead,referrals,created_at,created_by,updated_at',
    );
    expect(lines).toHaveLength(2);
    // A formula is neutralised and quotes are doubled.
    expect(lines[1]).toContain(
      `"'=HYPERLINK(""x""), a ""quoted"" title",investigation,sextortion,AMBER,${lister.username},1,`,
    );
    expect(csv.body).not.toMatch(/victim|dateOfBirth/i);
    const exports = await ctx.services.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'case.export')
      .where('actor_user_id', '=', lister.actor.userId)
      .execute();
    expect(exports).toEqual([{ details: expect.objectContaining({ template: 'sextortion', count: 1 }) }]);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedOnCase, caseTimeline, openTestCase, send } from './case-helpers.ts';
import {
  countRows,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  type TestContext,
  type TestUser,
} from './helpers.ts';

interface Task {
  id: string;
  title: string;
  status: string;
  assignee: { id: string; name: string } | null;
  dueAt: string | null;
  values: Record<string, unknown>;
  fields: { name: string }[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(DATABASE_KINDS)('case tasks, legal process and deadlines (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let investigator: TestUser;
  let prosecutor: TestUser;
  let outsider: TestUser;

  const openCase = async (user = analyst) => (await openTestCase(ctx, user)).id;
  const http = (user: TestUser, method: string, url: string, payload?: unknown) =>
    send(ctx, user, method, url, payload);
  const audited = async (caseId: string, action: string) => (await auditedOnCase(ctx, caseId, action)).length;
  const timelineKinds = async (caseId: string) => (await caseTimeline(ctx, analyst, caseId)).items;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    investigator = await createTestUser(ctx.services, 'investigator');
    prosecutor = await createTestUser(ctx.services, 'prosecutor');
    outsider = await createTestUser(ctx.services, 'analyst', 'Another Unit');
  });
  afterAll(() => ctx.close());

  it('creates, assigns, fills, completes and reopens a task, each on the timeline and audited', async () => {
    const caseId = await openCase();
    const base = `/api/v1/cases/${caseId}/tasks`;
    const id = randomUUID();
    const input = {
      id,
      title: 'Serve the WDCD on the platform',
      dueAt: iso(Date.now() + 2 * DAY),
      fields: [
        { name: 'servedOn', label: 'Served on', type: 'date' },
        { name: 'provider', label: 'Provider', type: 'choice', options: ['Meta', 'Google'] },
      ],
    };
    const created = await http(analyst, 'POST', base, input);
    expect(created.statusCode).toBe(201);
    expect(created.json<Task>()).toMatchObject({ id, status: 'open', assignee: null, values: {} });
    // A retried submission returns the same task, not a copy.
    const retried = await http(analyst, 'POST', base, input);
    expect(retried.statusCode).toBe(200);
    expect(retried.json<Task>().id).toBe(id);
    // The same id on another case's task is a conflict, not a silent copy.
    const elsewhere = await http(analyst, 'POST', `/api/v1/cases/${await openCase()}/tasks`, input);
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().error.field).toBe('id');

    const badField = await http(analyst, 'POST', base, {
      title: 'x',
      fields: [{ name: 'a', label: 'A', type: 'choice' }],
    });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().error.field).toBe('fields[0].options');
    const noTitle = await http(analyst, 'POST', base, {});
    expect(noTitle.json().error.field).toBe('title');

    const assigned = await http(analyst, 'PATCH', `${base}/${id}`, {
      assigneeId: investigator.actor.userId,
    });
    expect(assigned.json<Task>().assignee).toEqual({
      id: investigator.actor.userId,
      name: investigator.username,
    });
    const foreign = await http(analyst, 'PATCH', `${base}/${id}`, { assigneeId: outsider.actor.userId });
    expect(foreign.json().error.field).toBe('assigneeId');

    const incomplete = await http(analyst, 'POST', `${base}/${id}/complete`);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toMatchObject({ field: 'values.servedOn' });
    expect(incomplete.json().error.message).toContain('Served on must be filled');

    const badValue = await http(analyst, 'PATCH', `${base}/${id}`, { values: { provider: 'Yahoo' } });
    expect(badValue.json().error.field).toBe('values.provider');
    const unknown = await http(analyst, 'PATCH', `${base}/${id}`, { values: { colour: 'red' } });
    expect(unknown.json().error.field).toBe('values.colour');
    await http(analyst, 'PATCH', `${base}/${id}`, { values: { servedOn: '2026-03-01' } });
    const stillMissing = await http(analyst, 'POST', `${base}/${id}/complete`);
    expect(stillMissing.json().error.field).toBe('values.provider');
    const filled = await http(analyst, 'PATCH', `${base}/${id}`, { values: { provider: 'Meta' } });
    expect(filled.json<Task>().values).toEqual({ servedOn: '2026-03-01', provider: 'Meta' });

    const done = await http(analyst, 'POST', `${base}/${id}/complete`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', completedAt: expect.any(String) });
    const editDone = await http(analyst, 'PATCH', `${base}/${id}`, { title: 'Changed' });
    expect(editDone.statusCode).toBe(409);
    const reopened = await http(analyst, 'POST', `${base}/${id}/reopen`);
    expect(reopened.json()).toMatchObject({ status: 'open', completedAt: null });

    const summaries = (await timelineKinds(caseId))
      .filter((e) => e.kind.startsWith('task.'))
      .map((e) => e.summary);
    expect(summaries.slice(0, 6)).toEqual([
      'Task “Serve the WDCD on the platform” reopened',
      'Task “Serve the WDCD on the platform” completed',
      'Task “Serve the WDCD on the platform”: filled Provider',
      'Task “Serve the WDCD on the platform”: filled Served on',
      `Task “Serve the WDCD on the platform”: assigned to ${investigator.username}`,
      'Task “Serve the WDCD on the platform” created',
    ]);
    expect(await audited(caseId, 'case.task.create')).toBe(1);
    expect(await audited(caseId, 'case.task.update')).toBe(3);
    expect(await audited(caseId, 'case.task.complete')).toBe(1);
    expect(await audited(caseId, 'case.task.reopen')).toBe(1);

    const list = await http(analyst, 'GET', base);
    expect(list.json<{ items: Task[] }>().items).toHaveLength(6);
    const mine = await http(investigator, 'GET', '/api/v1/tasks/mine');
    expect(mine.json()).toMatchObject({
      total: 1,
      items: [{ id, caseId, caseReference: expect.stringMatching(/^C-/) }],
    });
    expect((await http(analyst, 'GET', '/api/v1/tasks/mine')).json().total).toBe(0);
    expect(await audited(caseId, 'case.task.list')).toBe(1);
    const mineRead = await ctx.services.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'case.task.mine')
      .where('actor_user_id', '=', investigator.actor.userId)
      .execute();
    expect(mineRead).toEqual([{ details: expect.objectContaining({ status: 'open', returned: 1 }) }]);
  });

  it('records preservation requests with their expiry and extension rules', async () => {
    const caseId = await openCase();
    const base = `/api/v1/cases/${caseId}`;
    const sent = Date.now() - DAY;
    const ph = await http(analyst, 'POST', `${base}/preservations`, {
      recipient: 'Meta Platforms',
      jurisdiction: 'PH',
      sentAt: iso(sent),
    });
    expect(ph.statusCode).toBe(201);
    const view = ph.json();
    expect(view).toMatchObject({ jurisdiction: 'PH', extensions: 0, canExtend: true });
    const months = (d: string) => new Date(d).getUTCFullYear() * 12 + new Date(d).getUTCMonth();
    expect(months(view.expiresAt) - months(iso(sent))).toBe(6);

    const usNoTip = await http(analyst, 'POST', `${base}/preservations`, {
      recipient: 'Google',
      jurisdiction: 'US',
      sentAt: iso(sent),
    });
    expect(usNoTip.statusCode).toBe(400);
    expect(usNoTip.json().error.field).toBe('cyberTipReportedAt');
    const us = await http(analyst, 'POST', `${base}/preservations`, {
      recipient: 'Google',
      jurisdiction: 'US',
      sentAt: iso(sent),
      cyberTipReportedAt: '2026-01-10T00:00:00Z',
    });
    expect(us.json()).toMatchObject({ expiresAt: '2027-01-10T00:00:00.000Z', canExtend: false });
    const badJurisdiction = await http(analyst, 'POST', `${base}/preservations`, {
      recipient: 'Google',
      jurisdiction: 'XX',
      sentAt: iso(sent),
    });
    expect(badJurisdiction.json().error.field).toBe('jurisdiction');

    const extended = await http(analyst, 'POST', `${base}/preservations/${view.id}/extend`);
    expect(extended.json()).toMatchObject({ extensions: 1, canExtend: false });
    expect(months(extended.json().expiresAt) - months(iso(sent))).toBe(12);
    const twice = await http(analyst, 'POST', `${base}/preservations/${view.id}/extend`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('1 extension, already taken');
    const usExtend = await http(analyst, 'POST', `${base}/preservations/${us.json().id}/extend`);
    expect(usExtend.statusCode).toBe(409);
    const missing = await http(analyst, 'POST', `${base}/preservations/${randomUUID()}/extend`);
    expect(missing.statusCode).toBe(404);

    expect(await audited(caseId, 'case.preservation.create')).toBe(2);
    expect(await audited(caseId, 'case.preservation.extend')).toBe(1);
  });

  it('records warrants with their return due, and requests with their answers', async () => {
    const caseId = await openCase();
    const base = `/api/v1/cases/${caseId}`;
    const wdcd = await http(analyst, 'POST', `${base}/warrants`, {
      type: 'WDCD',
      court: 'RTC Quezon City Branch 1',
      number: 'WDCD-2026-001',
      issuedAt: '2026-03-02T09:00:00Z',
    });
    expect(wdcd.statusCode).toBe(201);
    expect(wdcd.json()).toMatchObject({ servedAt: null, returnDueAt: null });
    const early = await http(analyst, 'PATCH', `${base}/warrants/${wdcd.json().id}`, {
      servedAt: '2026-03-01T00:00:00Z',
    });
    expect(early.json().error.field).toBe('servedAt');
    const served = await http(analyst, 'PATCH', `${base}/warrants/${wdcd.json().id}`, {
      servedAt: '2026-03-03T15:00:00Z',
    });
    expect(served.json().returnDueAt).toBe('2026-03-06T15:00:00.000Z');
    const returned = await http(analyst, 'PATCH', `${base}/warrants/${wdcd.json().id}`, {
      returnedAt: '2026-03-05T10:00:00Z',
    });
    expect(returned.json().returnedAt).toBe('2026-03-05T10:00:00.000Z');
    const empty = await http(analyst, 'PATCH', `${base}/warrants/${wdcd.json().id}`, {});
    expect(empty.json().error.field).toBe('servedAt');
    const badType = await http(analyst, 'POST', `${base}/warrants`, {
      type: 'WXYZ',
      court: 'c',
      number: 'n',
      issuedAt: '2026-03-02T09:00:00Z',
    });
    expect(badType.json().error.field).toBe('type');
    const wicd = await http(analyst, 'POST', `${base}/warrants`, {
      type: 'WICD',
      court: 'RTC Manila',
      number: 'WICD-7',
      issuedAt: '2026-03-02T09:00:00Z',
    });
    expect(wicd.json().returnDueAt).toBe('2026-03-14T09:00:00.000Z');

    const request = await http(analyst, 'POST', `${base}/requests`, {
      kind: 'remitter-request',
      recipient: 'A remittance company',
      sentAt: '2026-03-01T00:00:00Z',
      dueAt: '2026-03-15T00:00:00Z',
    });
    expect(request.statusCode).toBe(201);
    const backwards = await http(analyst, 'POST', `${base}/requests`, {
      kind: 'subpoena',
      recipient: 'x',
      sentAt: '2026-03-10T00:00:00Z',
      dueAt: '2026-03-01T00:00:00Z',
    });
    expect(backwards.json().error.field).toBe('dueAt');
    const answered = await http(analyst, 'PATCH', `${base}/requests/${request.json().id}`, {
      answeredAt: '2026-03-09T00:00:00Z',
    });
    expect(answered.json().answeredAt).toBe('2026-03-09T00:00:00.000Z');

    const legal = await http(prosecutor, 'GET', `${base}/legal`);
    expect(legal.statusCode).toBe(200);
    expect(legal.json()).toMatchObject({
      preservations: [],
      warrants: [{ type: 'WDCD' }, { type: 'WICD' }],
      requests: [{ kind: 'remitter-request', answeredAt: '2026-03-09T00:00:00.000Z' }],
    });
    const kinds = (await timelineKinds(caseId)).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'warrant.issued',
        'warrant.served',
        'warrant.returned',
        'request.sent',
        'request.answered',
      ]),
    );
    expect(await audited(caseId, 'case.warrant.create')).toBe(2);
    expect(await audited(caseId, 'case.warrant.update')).toBe(2);
    expect(await audited(caseId, 'case.request.answer')).toBe(1);
    expect(await audited(caseId, 'case.legal.read')).toBe(1);
  });

  it('lists what is due this week or overdue across my cases, soonest first', async () => {
    const lead = await createTestUser(ctx.services, 'analyst', 'Deadline Unit');
    const other = await createTestUser(ctx.services, 'analyst', 'Deadline Unit');
    const caseId = await openCase(lead);
    const theirs = await openCase(other);
    const base = `/api/v1/cases/${caseId}`;
    const now = Date.now();
    await http(lead, 'POST', `${base}/warrants`, {
      type: 'WDCD',
      court: 'RTC Cebu',
      number: 'WDCD-9',
      issuedAt: iso(now - 2 * DAY),
      servedAt: iso(now - DAY),
    });
    await http(lead, 'POST', `${base}/requests`, {
      kind: 'platform-request',
      recipient: 'A platform',
      sentAt: iso(now - 20 * DAY),
      dueAt: iso(now - 3 * DAY),
    });
    await http(lead, 'POST', `${base}/requests`, {
      kind: 'subpoena',
      recipient: 'A bank',
      sentAt: iso(now),
      dueAt: iso(now + 30 * DAY),
    });
    // A PH preservation sent six months less two days ago expires this week.
    const sent = new Date(now + 2 * DAY);
    sent.setUTCMonth(sent.getUTCMonth() - 6);
    await http(lead, 'POST', `${base}/preservations`, {
      recipient: 'Meta',
      jurisdiction: 'PH',
      sentAt: sent.toISOString(),
    });
    // A task on someone else's case, assigned to the lead, is theirs too.
    const assigned = await http(other, 'POST', `/api/v1/cases/${theirs}/tasks`, {
      title: 'Check the remittance records',
      assigneeId: lead.actor.userId,
      dueAt: iso(now + 3 * HOUR),
    });

    const res = await http(lead, 'GET', '/api/v1/deadlines?within=7');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      items: { kind: string; title: string; dueAt: string; state: string; caseId: string }[];
      overdue: number;
      dueSoon: number;
    }>();
    const dues = body.items.map((i) => Date.parse(i.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(body.items[0]).toMatchObject({
      kind: 'request',
      state: 'overdue',
      title: 'Answer from A platform (platform request)',
    });
    const titles = body.items.map((i) => i.title);
    expect(titles).toContain('WDCD WDCD-9: disclosure by the provider');
    expect(titles).toContain('Preservation at Meta expires (Philippines)');
    expect(titles).toContain('Check the remittance records');
    // Standard tasks of the lead's case due within the week (1 and 2 days).
    expect(titles).toContain('Send preservation requests to the platforms');
    expect(titles).not.toContain('Answer from A bank (subpoena)');
    expect(body.items.find((i) => i.title === 'Check the remittance records')!.caseId).toBe(
      assigned.json().caseId,
    );
    expect(body.items.some((i) => i.caseId === theirs && i.kind !== 'task')).toBe(false);
    expect(body.overdue).toBe(1);
    expect(body.dueSoon).toBe(body.items.length - 1);

    const month = await http(lead, 'GET', '/api/v1/deadlines?within=31');
    expect(month.json().items.map((i: { title: string }) => i.title)).toContain(
      'Answer from A bank (subpoena)',
    );
    const org = await http(other, 'GET', '/api/v1/deadlines?scope=organisation');
    expect(org.json().items.some((i: { caseId: string }) => i.caseId === caseId)).toBe(true);
    const reads = await ctx.services.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'case.deadlines')
      .where('actor_user_id', '=', lead.actor.userId)
      .orderBy('seq')
      .execute();
    expect(reads.map((r) => r.details)).toEqual([
      expect.objectContaining({ within: 7, scope: 'mine', returned: body.items.length }),
      expect.objectContaining({ within: 31, scope: 'mine' }),
    ]);
    const bad = await http(lead, 'GET', '/api/v1/deadlines?within=365');
    expect(bad.json().error.field).toBe('query.within');
    expect((await http(outsider, 'GET', '/api/v1/deadlines?scope=organisation')).json().items).toEqual([]);

    // A closed case's deadlines are gone.
    await http(lead, 'POST', `${base}/close`, { reason: 'Transferred' });
    const after = await http(lead, 'GET', '/api/v1/deadlines');
    expect(after.json().items.every((i: { caseId: string }) => i.caseId !== caseId)).toBe(true);
  });

  it('answers 404 to another organisation and 403 without case:manage, storing nothing', async () => {
    const caseId = await openCase();
    const tasks = await http(analyst, 'GET', `/api/v1/cases/${caseId}/tasks`);
    const taskId = tasks.json().items[0].id;
    const base = `/api/v1/cases/${caseId}`;
    const writes: [string, string, unknown][] = [
      ['POST', `${base}/tasks`, { title: 'x' }],
      ['PATCH', `${base}/tasks/${taskId}`, { title: 'y' }],
      ['POST', `${base}/tasks/${taskId}/complete`, undefined],
      ['POST', `${base}/tasks/${taskId}/reopen`, undefined],
      ['POST', `${base}/preservations`, { recipient: 'x', jurisdiction: 'PH', sentAt: iso(Date.now()) }],
      ['POST', `${base}/warrants`, { type: 'WICD', court: 'c', number: 'n', issuedAt: iso(Date.now()) }],
      [
        'POST',
        `${base}/requests`,
        { kind: 'subpoena', recipient: 'x', sentAt: iso(Date.now()), dueAt: iso(Date.now()) },
      ],
    ];
    const before = await countRows(ctx.services, 'case_events');
    for (const [method, url, payload] of [
      ...writes,
      ['GET', `${base}/tasks`, undefined],
      ['GET', `${base}/legal`, undefined],
    ] as const) {
      expect((await http(outsider, method, url, payload)).statusCode, `${method} ${url}`).toBe(404);
    }
    for (const [method, url, payload] of writes) {
      expect((await http(prosecutor, method, url, payload)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect(await countRows(ctx.services, 'case_events')).toBe(before);
    const wrongCase = await http(
      analyst,
      'POST',
      `/api/v1/cases/${await openCase()}/tasks/${taskId}/complete`,
    );
    expect(wrongCase.statusCode).toBe(404);
  });
});

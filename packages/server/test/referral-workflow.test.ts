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

interface Summary {
  id: string;
  status: string;
  assignee: { id: string; username: string; displayName: string } | null;
}

describe.each(DATABASE_KINDS)('working the queue (%s)', (kind) => {
  let ctx: TestContext;
  let analyst: TestUser;
  let colleague: TestUser;
  let investigator: TestUser;
  let outsider: TestUser;
  let ids: string[];

  const post = (user: TestUser, url: string, payload: object = {}) =>
    call(ctx.app, user, { method: 'POST', url, payload });
  const get = (user: TestUser, url: string) => call(ctx.app, user, { method: 'GET', url });
  const referral = async (id: string) => (await get(analyst, `/api/v1/referrals/${id}`)).json();

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    analyst = await createTestUser(ctx.services, 'analyst');
    colleague = await createTestUser(ctx.services, 'supervisor');
    investigator = await createTestUser(ctx.services, 'investigator');
    outsider = await createTestUser(ctx.services, 'analyst', 'Another Agency');
    ids = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await post(analyst, '/api/v1/referrals', sampleReferral())).json().id);
    }
  });
  afterAll(() => ctx.close());

  it('lists as assignees the colleagues who can work referrals, not other roles or organisations', async () => {
    const res = await get(analyst, '/api/v1/referrals/assignees');
    expect(res.statusCode).toBe(200);
    const names = res.json<{ items: { username: string }[] }>().items.map((u) => u.username);
    expect(names).toContain(analyst.username);
    expect(names).toContain(colleague.username);
    expect(names).not.toContain(investigator.username);
    expect(names).not.toContain(outsider.username);
  });

  it('bulk-assigns referrals, moves new ones into review, and filters the queue by assignee', async () => {
    const res = await post(analyst, '/api/v1/referrals/assign', {
      referralIds: ids.slice(0, 2),
      assigneeId: colleague.actor.userId,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    const first = await referral(ids[0]!);
    expect(first.status).toBe('in-review');
    expect(first.assignee).toMatchObject({ id: colleague.actor.userId, username: colleague.username });

    const theirs = (await get(colleague, '/api/v1/referrals?assigned=me')).json<{ items: Summary[] }>();
    expect(theirs.items.map((r) => r.id).sort()).toEqual(ids.slice(0, 2).sort());
    const unassigned = (await get(analyst, '/api/v1/referrals?assigned=unassigned')).json<{
      items: Summary[];
    }>();
    expect(unassigned.items.map((r) => r.id).sort()).toEqual(ids.slice(2).sort());
    const byId = (await get(analyst, `/api/v1/referrals?assigned=${colleague.actor.userId}`)).json<{
      total: number;
    }>();
    expect(byId.total).toBe(2);

    // Assigning again to the same person changes nothing; null takes the assignment away.
    expect(
      (
        await post(analyst, '/api/v1/referrals/assign', {
          referralIds: [ids[0]],
          assigneeId: colleague.actor.userId,
        })
      ).json(),
    ).toEqual({ updated: 0 });
    expect(
      (await post(analyst, '/api/v1/referrals/assign', { referralIds: [ids[1]], assigneeId: null })).json(),
    ).toEqual({ updated: 1 });
    expect((await referral(ids[1]!)).assignee).toBeNull();
  });

  it('refuses an assignee who cannot work referrals, and referrals of another organisation, changing nothing', async () => {
    const wrongRole = await post(analyst, '/api/v1/referrals/assign', {
      referralIds: [ids[2]],
      assigneeId: investigator.actor.userId,
    });
    expect(wrongRole.statusCode).toBe(400);
    expect(wrongRole.json().error.field).toBe('assigneeId');
    const foreign = await post(outsider, '/api/v1/referrals/assign', {
      referralIds: [ids[2]],
      assigneeId: outsider.actor.userId,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('referralIds');
    const invalid = await post(analyst, '/api/v1/referrals/assign', { referralIds: [], assigneeId: null });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain('referralIds');
    expect((await referral(ids[2]!)).assignee).toBeNull();
  });

  it('closes with a reason and a note, refuses a second close, and reopens', async () => {
    const bad = await post(analyst, `/api/v1/referrals/${ids[3]}/close`, { reason: 'bored' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('reason');

    const closed = await post(analyst, `/api/v1/referrals/${ids[3]}/close`, {
      reason: 'outside-jurisdiction',
      note: 'Subscriber is in another country; forwarded to its hotline.',
    });
    expect(closed.statusCode).toBe(200);
    const after = await referral(ids[3]!);
    expect(after.status).toBe('closed');
    expect(after.closure).toMatchObject({
      reason: 'outside-jurisdiction',
      note: 'Subscriber is in another country; forwarded to its hotline.',
      by: analyst.username,
    });
    expect(
      (await post(analyst, `/api/v1/referrals/${ids[3]}/close`, { reason: 'duplicate' })).statusCode,
    ).toBe(409);
    expect((await post(outsider, `/api/v1/referrals/${ids[3]}/reopen`)).statusCode).toBe(404);

    expect((await post(analyst, `/api/v1/referrals/${ids[3]}/reopen`)).statusCode).toBe(200);
    const reopened = await referral(ids[3]!);
    expect(reopened.status).toBe('in-review');
    expect(reopened.closure).toBeNull();
    expect((await post(analyst, `/api/v1/referrals/${ids[3]}/reopen`)).statusCode).toBe(409);
  });

  it('merges referrals into an existing case once, and a referral in a case cannot be closed on its own', async () => {
    const created = (await post(analyst, '/api/v1/cases', { referralIds: [ids[0]] })).json<{ id: string }>();
    const merged = await post(analyst, `/api/v1/cases/${created.id}/referrals`, {
      referralIds: [ids[0], ids[2]],
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().referralCount).toBe(2);
    expect((await referral(ids[2]!)).status).toBe('case-opened');
    const again = await post(analyst, `/api/v1/cases/${created.id}/referrals`, { referralIds: [ids[2]] });
    expect(again.json().referralCount).toBe(2);
    expect(
      (await post(outsider, `/api/v1/cases/${created.id}/referrals`, { referralIds: [ids[1]] })).statusCode,
    ).toBe(404);
    expect(
      (await post(analyst, `/api/v1/referrals/${ids[2]}/close`, { reason: 'duplicate' })).statusCode,
    ).toBe(409);
  });

  it('shows the history of changes, oldest first, without reads', async () => {
    const res = await get(analyst, `/api/v1/referrals/${ids[3]}/history`);
    expect(res.statusCode).toBe(200);
    const actions = res.json<{ items: { action: string; actor: string }[] }>().items.map((e) => e.action);
    expect(actions).toEqual(['referral.create', 'referral.close', 'referral.reopen']);
    expect((await get(outsider, `/api/v1/referrals/${ids[3]}/history`)).statusCode).toBe(404);
  });

  it('lets only roles that work the queue assign or close', async () => {
    const res = await post(investigator, '/api/v1/referrals/assign', {
      referralIds: [ids[1]],
      assigneeId: null,
    });
    expect(res.statusCode).toBe(403);
  });
});

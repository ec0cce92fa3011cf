import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  type TestContext,
} from './helpers.ts';

describe.each(DATABASE_KINDS)('authentication (%s)', (kind) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext(kind, { loginMaxFailures: 3, lockoutMinutes: 15 });
  });
  afterAll(() => ctx.close());

  const login = (username: string, password: string, remoteAddress = '127.0.0.1') =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress,
    });

  it('logs in with a session cookie that is httpOnly and SameSite=Strict', async () => {
    const res = await login('admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'sinag_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.expires!.getTime()).toBeGreaterThan(Date.now());
    const body = res.json<{
      user: { username: string; role: string };
      permissions: string[];
      csrfToken: string;
    }>();
    expect(body.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(body.permissions).toContain('referral:read');

    const session = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      cookies: { sinag_session: cookie.value },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json().csrfToken).toBe(body.csrfToken);
  });

  it('requires the CSRF token on cookie-authenticated writes, and logout ends the session', async () => {
    const res = await login('admin', ADMIN_PASSWORD);
    const cookies = { sinag_session: res.cookies.find((c) => c.name === 'sinag_session')!.value };
    const csrf = res.json().csrfToken as string;
    const payload = { referralIds: ['00000000-0000-4000-8000-000000000000'] };

    const without = await ctx.app.inject({ method: 'POST', url: '/api/v1/cases', cookies, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      cookies,
      payload,
      headers: { 'x-csrf-token': 'nope' },
    });
    expect(wrong.statusCode).toBe(403);
    // With the token the request reaches validation (the referral does not exist).
    const withToken = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      cookies,
      payload,
      headers: { 'x-csrf-token': csrf },
    });
    expect(withToken.statusCode).toBe(400);

    const logout = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies,
      headers: { 'x-csrf-token': csrf },
    });
    expect(logout.statusCode).toBe(200);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies });
    expect(after.statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const user = await createTestUser(ctx.services, 'analyst');
    const wrong = await login(user.username, 'not-the-password');
    const unknown = await login('nobody-here', 'whatever');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    const user = await createTestUser(ctx.services, 'investigator');
    for (let i = 0; i < 2; i++) expect((await login(user.username, 'wrong')).statusCode).toBe(401);
    const third = await login(user.username, 'wrong');
    expect(third.statusCode).toBe(423);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(800);
    const right = await login(user.username, user.password);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('account_locked');
  });

  it('rate-limits login attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await login('nobody', 'x', '10.9.9.9')).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    expect((await login('nobody', 'x', '10.9.9.8')).statusCode).toBe(401);
  });

  it('issues API tokens for username and password, stored only as hashes', async () => {
    const user = await createTestUser(ctx.services, 'analyst');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { username: user.username, password: user.password, name: 'script' },
    });
    expect(res.statusCode).toBe(201);
    const { token } = res.json<{ token: string }>();
    expect(token).toMatch(/^sinag_/);
    const stored = await ctx.services.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(stored.some((r) => r.token_hash === token)).toBe(false);
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json().user.username).toBe(user.username);
    // Bearer callers need no CSRF token: there is no ambient credential to forge.
    const write = await call(
      ctx.app,
      { ...user, token },
      { method: 'POST', url: '/api/v1/cases', payload: { referralIds: [] } },
    );
    expect(write.statusCode).toBe(400);

    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { username: user.username, password: 'x' },
    });
    expect(bad.statusCode).toBe(401);
  });

  it('stores passwords as argon2id hashes', async () => {
    const row = await ctx.services.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
  });

  it('keeps API-only roles out of interactive sessions', async () => {
    const platform = await createTestUser(ctx.services, 'platform-reporter', 'Example Platform');
    const res = await login(platform.username, platform.password);
    expect(res.statusCode).toBe(403);
    const token = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      payload: { username: platform.username, password: platform.password },
    });
    expect(token.statusCode).toBe(201);
  });

  it('lets an admin create users and tokens, and audits it', async () => {
    const admin = await createTestUser(ctx.services, 'admin');
    const created = await call(ctx.app, admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'inv.santos',
        role: 'investigator',
        organisation: 'PNP WCPC Unit 7',
        organisationKind: 'police',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().generatedPassword).toMatch(/^[\w]{5}(-[\w]{5}){3}$/);
    const duplicate = await call(ctx.app, admin, {
      method: 'POST',
      url: '/api/v1/users',
      payload: { username: 'inv.santos', role: 'investigator', organisation: 'PNP WCPC Unit 7' },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.field).toBe('username');
    const token = await call(ctx.app, admin, {
      method: 'POST',
      url: '/api/v1/users/inv.santos/tokens',
      payload: {},
    });
    expect(token.statusCode).toBe(201);
    const orgs = await call(ctx.app, admin, { method: 'GET', url: '/api/v1/organisations' });
    expect(orgs.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'PNP WCPC Unit 7', kind: 'police', userCount: 1 }),
      ]),
    );
    const audit = await ctx.services.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('action', 'in', ['user.create', 'token.create'])
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'user.create', actor_name: admin.username },
        { action: 'token.create', actor_name: admin.username },
      ]),
    );
  });
});

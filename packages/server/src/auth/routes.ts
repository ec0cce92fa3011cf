import { LoginInput, PERMISSIONS_BY_ROLE, SessionInfo, TokenRequest } from '@sinag/core';
import { z } from 'zod';
import type { Actor } from './actor.ts';
import { auditActor } from '../audit/log.ts';
import { AppError } from '../http/errors.ts';
import { defineRoute } from '../http/route.ts';
import type { Services } from '../services.ts';
import { getUserView } from '../users/service.ts';
import { checkCredentials, createSession, endSession, issueToken, SESSION_COOKIE } from './service.ts';

const LOGIN_LIMIT = { max: 20, timeWindow: '1 minute' };

async function sessionInfo(services: Services, actor: Actor, csrfToken: string | null): Promise<SessionInfo> {
  const user = await getUserView(services, actor.userId);
  if (!user) throw new AppError('authentication_required', 'The account no longer exists.');
  return { user, permissions: [...PERMISSIONS_BY_ROLE[actor.role]], csrfToken };
}

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/login',
    summary: 'Log in with a username and password; sets the session cookie',
    tag: 'auth',
    access: 'public',
    body: LoginInput,
    response: SessionInfo,
    rateLimit: LOGIN_LIMIT,
    errors: [401, 423, 429],
    async handler({ body, request, reply, services }) {
      const actor = await checkCredentials(services, body.username, body.password, request.ip, 'session');
      const session = await createSession(services, actor, request.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, session.cookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: services.config.cookieSecure,
        path: '/',
        expires: session.expiresAt,
      });
      return sessionInfo(services, actor, session.csrfToken);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/auth/session',
    summary: 'Who is logged in, with their permissions and CSRF token',
    tag: 'auth',
    access: 'authenticated',
    response: SessionInfo,
    async handler({ actor, services }) {
      return sessionInfo(services, actor, actor.csrfToken ?? null);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/logout',
    summary: 'End the current session',
    tag: 'auth',
    access: 'authenticated',
    response: z.object({ ok: z.literal(true) }),
    async handler({ actor, reply, services }) {
      await endSession(services, actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    summary:
      'Exchange a username and password for a personal API token (for scripts, platforms and `sinag login`)',
    tag: 'auth',
    access: 'public',
    body: TokenRequest,
    response: z.object({ token: z.string(), id: z.string() }),
    status: 201,
    rateLimit: LOGIN_LIMIT,
    errors: [401, 423, 429],
    async handler({ body, request, services }) {
      const actor = await checkCredentials(services, body.username, body.password, request.ip, 'token');
      return issueToken(services, auditActor(actor), actor.userId, body.name);
    },
  }),
];

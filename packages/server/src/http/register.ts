import { hasPermission } from '@sinag/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { actorFromSession, actorFromToken, SESSION_COOKIE } from '../auth/service.ts';
import type { Services } from '../services.ts';
import { AppError, fromZodError } from './errors.ts';
import type { AnyRoute } from './route.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Finds who is calling: a bearer token first, then the session cookie. */
export async function authenticate(services: Services, request: FastifyRequest): Promise<Actor | undefined> {
  const ip = request.ip ?? null;
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new AppError('authentication_required', 'The Authorization header must be "Bearer <token>".');
    const actor = await actorFromToken(services, match[1]!, ip);
    if (!actor)
      throw new AppError('authentication_required', 'The API token is unknown, revoked or expired.');
    return actor;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  return actorFromSession(services, cookie, ip);
}

function parse<T extends z.ZodType | undefined>(schema: T, value: unknown, where?: string) {
  if (!schema) return undefined;
  const result = (schema as z.ZodType).safeParse(value ?? {});
  if (!result.success) throw fromZodError(result.error, where);
  return result.data;
}

/**
 * Wires a route spec into Fastify: authentication, the permission check, CSRF for cookie-authenticated
 * writes, zod validation of params, query and body, then the handler.
 */
export function registerRoute(app: FastifyInstance, services: Services, route: AnyRoute): void {
  app.route({
    method: route.method,
    url: route.url,
    ...(route.rateLimit ? { config: { rateLimit: route.rateLimit } } : {}),
    ...(route.bodyLimit ? { bodyLimit: route.bodyLimit(services.config) } : {}),
    handler: async (request, reply) => {
      const actor = await authenticate(services, request);
      if (route.access !== 'public') {
        if (!actor) throw new AppError('authentication_required', 'Log in or send an API token.');
        if (route.access !== 'authenticated' && !hasPermission(actor.role, route.access)) {
          throw new AppError('forbidden', `Your role (${actor.role}) does not grant ${route.access}.`);
        }
        if (actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
          if (request.headers['x-csrf-token'] !== actor.csrfToken) {
            throw new AppError(
              'csrf_failed',
              'Missing or wrong X-CSRF-Token header for a cookie-authenticated change.',
            );
          }
        }
      }
      const params = parse(route.params, request.params, 'params');
      const query = parse(route.query, request.query, 'query');
      const body = parse(route.body, request.body);
      // Set before the handler runs, so a handler may choose another (e.g. 200 for an idempotent replay).
      reply.code(route.status ?? 200);
      const result = await route.handler({ body, query, params, actor, request, reply, services });
      return reply.sent ? reply : result;
    },
  });
}

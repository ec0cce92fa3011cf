import { OrganisationView, UserCreateInput, UserView, type OrganisationKind } from '@sinag/core';
import { z } from 'zod';
import { auditActor } from '../audit/log.ts';
import { issueToken } from '../auth/service.ts';
import { AppError } from '../http/errors.ts';
import { defineRoute } from '../http/route.ts';
import { createUser, toUserView, userViews } from './service.ts';

export const userRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/users',
    summary: 'Users of the caller’s organisation',
    tag: 'users',
    access: 'user:read',
    response: z.object({ items: z.array(UserView) }),
    async handler({ actor, services }) {
      const rows = await userViews(services.db)
        .where('users.organisation_id', '=', actor.organisationId)
        .orderBy('users.username')
        .execute();
      return { items: rows.map(toUserView) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/users',
    summary: 'Create a user (and its organisation if new); a generated password is returned once',
    tag: 'users',
    access: 'user:manage',
    body: UserCreateInput,
    status: 201,
    errors: [409],
    response: z.object({ user: UserView, generatedPassword: z.string().optional() }),
    async handler({ actor, body, services }) {
      return createUser(services, auditActor(actor), body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/users/:username/tokens',
    summary: 'Issue an API token for a user (shown once)',
    tag: 'users',
    access: 'user:manage',
    params: z.object({ username: z.string().min(1).max(64) }).strict(),
    body: z.object({ name: z.string().trim().min(1).max(100).default('api') }).strict(),
    status: 201,
    errors: [404],
    response: z.object({ token: z.string(), id: z.string() }),
    async handler({ actor, params, body, services }) {
      const user = await services.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', params.username)
        .executeTakeFirst();
      if (!user) throw new AppError('not_found', `No user named "${params.username}".`, 'username');
      return issueToken(services, auditActor(actor), user.id, body.name);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/organisations',
    summary: 'All organisations with their user counts',
    tag: 'users',
    access: 'org:manage',
    response: z.object({ items: z.array(OrganisationView) }),
    async handler({ services }) {
      const rows = await services.db
        .selectFrom('organisations')
        .select((eb) => [
          'organisations.id',
          'organisations.name',
          'organisations.kind',
          eb
            .selectFrom('users')
            .select((s) => s.fn.countAll<number>().as('n'))
            .whereRef('users.organisation_id', '=', 'organisations.id')
            .as('user_count'),
        ])
        .orderBy('name')
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          kind: r.kind as OrganisationKind,
          userCount: Number(r.user_count ?? 0),
        })),
      };
    },
  }),
];

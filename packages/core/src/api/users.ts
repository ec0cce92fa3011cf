import { z } from 'zod';
import { OrganisationKind, Role } from '../auth/roles.ts';

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  organisation: z.object({ id: z.string(), name: z.string() }),
});
export type UserView = z.infer<typeof UserView>;

export const SessionInfo = z.object({
  user: UserView,
  permissions: z.array(z.string()),
  csrfToken: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const LoginInput = z
  .object({
    username: z.string().min(1, 'is required').max(100),
    password: z.string().min(1, 'is required').max(1000),
  })
  .strict();

export const TokenRequest = LoginInput.extend({
  name: z.string().trim().min(1).max(100).default('api'),
}).strict();

export const UserCreateInput = z
  .object({
    username: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]{1,63}$/,
        'must be 2–64 characters: lower-case letters, digits, dot, dash, underscore',
      ),
    displayName: z.string().trim().min(1).max(200).optional(),
    role: Role,
    organisation: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('Organisation name (created if it does not exist)'),
    organisationKind: OrganisationKind.optional(),
    password: z.string().min(10, 'must be at least 10 characters').max(1000).optional(),
  })
  .strict();
export type UserCreateInput = z.input<typeof UserCreateInput>;

export const OrganisationView = z.object({
  id: z.string(),
  name: z.string(),
  kind: OrganisationKind,
  userCount: z.number(),
});

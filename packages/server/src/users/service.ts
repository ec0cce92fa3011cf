import { UserCreateInput, type OrganisationKind, type Role, type UserView } from '@sinag/core';
import type { Transaction } from 'kysely';
import { appendAudit, type AuditActor } from '../audit/log.ts';
import { hashPassword, newPassword } from '../auth/secrets.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { isUniqueViolation } from '../db/errors.ts';

const INTAKE_SETTING = 'intake_organisation_id';

/** The organisation that receives referrals from platforms, banks and the public (set at first start). */
export async function intakeOrganisationId({ db }: Services): Promise<string> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', INTAKE_SETTING)
    .executeTakeFirst();
  if (!row)
    throw new AppError('conflict', 'No intake organisation is configured yet: start the server once.');
  return row.value as string;
}

async function findOrCreateOrganisation(
  trx: Transaction<Database>,
  by: AuditActor,
  name: string,
  kind: OrganisationKind,
): Promise<string> {
  const existing = await trx
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing) return existing.id;
  const created = await trx
    .insertInto('organisations')
    .values({ name, kind })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAudit(trx, by, [
    {
      action: 'organisation.create',
      entityType: 'organisation',
      entityId: created.id,
      details: { name, kind },
    },
  ]);
  return created.id;
}

export interface CreatedUser {
  user: UserView;
  /** Set when the password was generated: shown once, never stored in clear. */
  generatedPassword?: string;
}

/** Creates a user in an organisation (created on the way if new). */
/** Names the server itself uses: `local-cli` is the account the CLI acts as through a running server. */
export const RESERVED_USERNAMES = ['local-cli'];

export async function createUser(
  services: Services,
  by: AuditActor,
  input: UserCreateInput,
): Promise<CreatedUser> {
  const data = UserCreateInput.parse(input);
  if (RESERVED_USERNAMES.includes(data.username) && by !== SYSTEM_ACTOR) {
    throw new AppError(
      'validation_failed',
      `username: "${data.username}" is reserved for Sinag itself`,
      'username',
    );
  }
  const generatedPassword = data.password ? undefined : newPassword();
  const passwordHash = await hashPassword(data.password ?? generatedPassword!);
  try {
    return await services.db.transaction().execute(async (trx) => {
      const organisationId = await findOrCreateOrganisation(
        trx,
        by,
        data.organisation,
        data.organisationKind ?? 'other',
      );
      const row = await trx
        .insertInto('users')
        .values({
          organisation_id: organisationId,
          username: data.username,
          display_name: data.displayName ?? data.username,
          role: data.role,
          password_hash: passwordHash,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await appendAudit(trx, by, [
        {
          action: 'user.create',
          entityType: 'user',
          entityId: row.id,
          details: { username: data.username, role: data.role, organisationId },
        },
      ]);
      return {
        user: {
          id: row.id,
          username: data.username,
          displayName: data.displayName ?? data.username,
          role: data.role,
          organisation: { id: organisationId, name: data.organisation },
        },
        ...(generatedPassword ? { generatedPassword } : {}),
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', `username: "${data.username}" is already taken`, 'username');
    }
    throw error;
  }
}

/** Users with their organisation, as the API shows them. */
export function userViews(db: Services['db']) {
  return db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'organisations.id as org_id',
      'organisations.name as org_name',
    ]);
}

export function toUserView(row: {
  id: string;
  username: string;
  display_name: string;
  role: string;
  org_id: string;
  org_name: string;
}): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    organisation: { id: row.org_id, name: row.org_name },
  };
}

export async function getUserView({ db }: Services, userId: string): Promise<UserView | undefined> {
  const row = await userViews(db).where('users.id', '=', userId).executeTakeFirst();
  return row && toUserView(row);
}

export async function findUserId({ db }: Services, username: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row?.id;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, name: 'system', organisationId: null, ip: null };

/**
 * First start: the intake organisation and the `admin` user. Returns the admin password when it was
 * generated (to print once); later starts change nothing.
 */
export async function bootstrap(
  services: Services,
  options: { adminPassword?: string; organisationName?: string },
): Promise<{ created: boolean; adminPassword?: string }> {
  const { db } = services;
  const existing = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', INTAKE_SETTING)
    .executeTakeFirst();
  if (existing) return { created: false };
  // An `admin` made by hand (`sinag user create admin …`) before the first start is adopted, not duplicated.
  const adopted = await db
    .selectFrom('users')
    .select('organisation_id')
    .where('username', '=', 'admin')
    .executeTakeFirst();
  const password = adopted ? undefined : (options.adminPassword ?? newPassword());
  const organisationId =
    adopted?.organisation_id ??
    (
      await createUser(services, SYSTEM_ACTOR, {
        username: 'admin',
        displayName: 'Administrator',
        role: 'admin',
        organisation: options.organisationName ?? 'National Intake Center',
        organisationKind: 'national-center',
        password,
      })
    ).user.organisation.id;
  await db
    .insertInto('settings')
    .values({ key: INTAKE_SETTING, value: JSON.stringify(organisationId) })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { created: true, ...(password && !options.adminPassword ? { adminPassword: password } : {}) };
}

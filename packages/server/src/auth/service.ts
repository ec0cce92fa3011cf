import { API_ONLY_ROLES, Role } from '@sinag/core';
import { sql } from 'kysely';
import { appendAudit, type AuditActor } from '../audit/log.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import type { Actor } from './actor.ts';
import { newSecret, sha256, verifyPassword } from './secrets.ts';

export const SESSION_COOKIE = 'sinag_session';
export const TOKEN_PREFIX = 'sinag_';

const userColumns = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.role',
  'users.organisation_id',
] as const;

function toActor(
  row: { id: string; username: string; display_name: string; role: string; organisation_id: string },
  via: Actor['via'],
  ip: string | null,
): Actor {
  return {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: Role.parse(row.role),
    organisationId: row.organisation_id,
    via,
    ip,
  };
}

/** The user behind a bearer token, if the token is known, unrevoked and unexpired. */
export async function actorFromToken(
  { db }: Services,
  token: string,
  ip: string | null,
): Promise<Actor | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([...userColumns, 'api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) =>
      eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', new Date())]),
    )
    .where('users.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  // Record use at most once a minute: a token used for a bulk load should not write on every call.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: new Date() })
      .where('id', '=', row.token_id)
      .execute();
  }
  return toActor(row, 'token', ip);
}

export async function actorFromSession(
  { db }: Services,
  cookie: string,
  ip: string | null,
): Promise<Actor | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([...userColumns, 'sessions.id as session_id', 'sessions.csrf_token'])
    .where('sessions.id', '=', sha256(cookie))
    .where('sessions.expires_at', '>', new Date())
    .where('users.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...toActor(row, 'session', ip), csrfToken: row.csrf_token, sessionId: row.session_id };
}

/**
 * Checks a username and password, counting failures: after `loginMaxFailures` in a row the account is
 * locked for `lockoutMinutes`. Every attempt is audited. The same message answers an unknown user and a
 * wrong password, so the API does not reveal which usernames exist.
 */
export async function checkCredentials(
  services: Services,
  username: string,
  password: string,
  ip: string | null,
  purpose: 'session' | 'token',
): Promise<Actor> {
  const { db, config } = services;
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const anonymous: AuditActor = { userId: null, name: username, organisationId: null, ip };
  const fail = async (actor: AuditActor, reason: string, lockUntil?: Date) => {
    await db.transaction().execute(async (trx) => {
      if (user) {
        await trx
          .updateTable('users')
          .set({ failed_logins: sql`failed_logins + 1`, ...(lockUntil ? { locked_until: lockUntil } : {}) })
          .where('id', '=', user.id)
          .execute();
      }
      await appendAudit(trx, actor, [
        {
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          details: { reason, purpose },
        },
      ]);
    });
  };

  if (!user || !user.is_active) {
    await fail(anonymous, user ? 'inactive' : 'unknown-user');
    throw new AppError('invalid_credentials', 'Invalid username or password.');
  }
  const userActor: AuditActor = {
    userId: user.id,
    name: user.username,
    organisationId: user.organisation_id,
    ip,
  };
  if (user.locked_until && user.locked_until > new Date()) {
    await fail(userActor, 'locked');
    throw lockedError(user.locked_until);
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    const failures = user.failed_logins + 1;
    const lockUntil =
      failures >= config.loginMaxFailures ? new Date(Date.now() + config.lockoutMinutes * 60_000) : undefined;
    await fail(userActor, 'wrong-password', lockUntil);
    if (lockUntil) throw lockedError(lockUntil);
    throw new AppError('invalid_credentials', 'Invalid username or password.');
  }
  const role = Role.parse(user.role);
  if (purpose === 'session' && API_ONLY_ROLES.includes(role)) {
    await fail(userActor, 'api-only-role');
    throw new AppError('forbidden', 'This account may only use the API with a token.');
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    await appendAudit(trx, userActor, [
      {
        action: purpose === 'session' ? 'auth.login' : 'auth.token_login',
        entityType: 'user',
        entityId: user.id,
      },
    ]);
  });
  return toActor(user, purpose, ip);
}

function lockedError(until: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new AppError(
    'account_locked',
    `Too many failed attempts: the account is locked until ${until.toISOString()}.`,
    undefined,
    { 'retry-after': String(seconds) },
  );
}

export async function createSession(
  { db, config }: Services,
  actor: Actor,
  userAgent: string | null,
): Promise<{ cookie: string; csrfToken: string; expiresAt: Date }> {
  const cookie = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + config.sessionHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({
      id: sha256(cookie),
      user_id: actor.userId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
      ip: actor.ip,
      user_agent: userAgent,
    })
    .execute();
  return { cookie, csrfToken, expiresAt };
}

export async function endSession({ db }: Services, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (actor.sessionId) await trx.deleteFrom('sessions').where('id', '=', actor.sessionId).execute();
    await appendAudit(
      trx,
      { userId: actor.userId, name: actor.username, organisationId: actor.organisationId, ip: actor.ip },
      [{ action: 'auth.logout', entityType: 'user', entityId: actor.userId }],
    );
  });
}

/** Issues a personal API token; only its hash is stored, so the caller must show it now or never. */
export async function issueToken(
  { db }: Services,
  by: AuditActor,
  userId: string,
  name: string,
  expiresAt: Date | null = null,
): Promise<{ id: string; token: string }> {
  const token = newSecret(TOKEN_PREFIX);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        user_id: userId,
        name,
        token_hash: sha256(token),
        prefix: token.slice(0, 12),
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, by, [
      { action: 'token.create', entityType: 'api_token', entityId: row.id, details: { userId, name } },
    ]);
    return { id: row.id, token };
  });
}

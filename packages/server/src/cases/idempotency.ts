import { canonicalJson } from '@sinag/core';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import type { Trx } from './people-common.ts';

/** An Idempotency-Key sent with a create, and the hash of what it was sent with. */
export interface Once {
  key: string;
  hash: string;
}

/** The request's Idempotency-Key (1–200 visible ASCII characters), bound to the route and body; or none. */
export function onceFrom(request: FastifyRequest, body: unknown): Once | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key))
    throw new AppError(
      'validation_failed',
      'Idempotency-Key: must be 1–200 visible ASCII characters',
      'Idempotency-Key',
    );
  const hash = createHash('sha256')
    .update(canonicalJson({ route: request.routeOptions.url, params: request.params, body }))
    .digest('hex');
  return { key, hash };
}

/**
 * What an earlier request with the same key created (a retry then answers with it instead of creating twice), or
 * undefined. The same key with another request is a 409. Callers hold the case row lock, so retries that arrive
 * together are answered one after the other.
 */
export async function createdBefore(
  trx: Trx,
  actor: Actor,
  once: Once | undefined,
): Promise<string | undefined> {
  if (!once) return undefined;
  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'resource_id'])
    .where('user_id', '=', actor.userId)
    .where('key', '=', once.key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== once.hash)
    throw new AppError(
      'idempotency_conflict',
      'This Idempotency-Key was already used with a different request.',
      'Idempotency-Key',
    );
  return row.resource_id;
}

export async function rememberCreated(trx: Trx, actor: Actor, once: Once | undefined, resourceId: string) {
  if (!once) return;
  await trx
    .insertInto('idempotency_keys')
    .values({ user_id: actor.userId, key: once.key, request_hash: once.hash, resource_id: resourceId })
    .execute();
}

/** The audit entry of a retry that created nothing. */
export const replayed = (entityType: string, id: string) => ({
  action: 'create.replay',
  entityType,
  entityId: id,
});

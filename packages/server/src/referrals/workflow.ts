import {
  hasPermission,
  type CloseReason,
  type ReferralClosure,
  type ReferralDetail,
  type ReferralHistory,
  type Role,
  type UserRef,
} from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit, audited, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database, ReferralRow } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';

type Db = Kysely<Database> | Transaction<Database>;

const notFound = () =>
  new AppError('not_found', 'No such referral, or it is not visible to your organisation.');

/** Users of the organisation who can work referrals: the people a referral can be assigned to. */
export async function assignableUsers(db: Db, organisationId: string): Promise<UserRef[]> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('is_active', '=', true)
    .orderBy('display_name')
    .execute();
  return users
    .filter((u) => hasPermission(u.role as Role, 'referral:triage'))
    .map((u) => ({ id: u.id, username: u.username, displayName: u.display_name }));
}

export async function listAssignees(services: Services, actor: Actor): Promise<{ items: UserRef[] }> {
  return { items: await assignableUsers(services.db, actor.organisationId) };
}

/** The referrals of the caller's organisation among `ids`, locked; a 400 naming any that is not one. */
async function lockReferrals(trx: Transaction<Database>, organisationId: string, ids: string[]) {
  const rows = await trx
    .selectFrom('referrals')
    .select(['id', 'status', 'assigned_to'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', ids)
    // In id order, as every writer that locks several referrals takes them, so none wait in a circle.
    .orderBy('id')
    .forUpdate()
    .execute();
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) {
    throw new AppError(
      'validation_failed',
      `referralIds: no such referral in your organisation: ${missing.join(', ')}`,
      'referralIds',
    );
  }
  return rows;
}

/**
 * Assigns referrals to a colleague (or takes the assignment away with null). A new referral that gets an
 * assignee is in review; closed referrals keep their status.
 */
export async function assignReferrals(
  services: Services,
  actor: Actor,
  referralIds: string[],
  assigneeId: string | null,
): Promise<{ updated: number }> {
  const ids = [...new Set(referralIds)];
  return audited(services.db, auditActor(actor), async (trx) => {
    let assignee: UserRef | undefined;
    if (assigneeId !== null) {
      assignee = (await assignableUsers(trx, actor.organisationId)).find((u) => u.id === assigneeId);
      if (!assignee) {
        throw new AppError(
          'validation_failed',
          'assigneeId: not an active user of your organisation who can work referrals',
          'assigneeId',
        );
      }
    }
    const rows = await lockReferrals(trx, actor.organisationId, ids);
    const changed = rows.filter((r) => r.assigned_to !== assigneeId);
    if (changed.length) {
      const changedIds = changed.map((r) => r.id);
      await trx
        .updateTable('referrals')
        .set((eb) => ({
          assigned_to: assigneeId,
          assigned_at: assigneeId ? new Date() : null,
          status: assigneeId
            ? eb.case().when('status', '=', 'new').then('in-review').else(eb.ref('status')).end()
            : eb.ref('status'),
        }))
        .where('id', 'in', changedIds)
        .execute();
    }
    return {
      result: { updated: changed.length },
      events: changed.map((r) => ({
        action: 'referral.assign',
        entityType: 'referral',
        entityId: r.id,
        details: { from: r.assigned_to, to: assigneeId, assignee: assignee?.username ?? null },
      })),
    };
  });
}

/** The status of one of the organisation's referrals, its row locked for the change; a 404 if there is none. */
async function lockedStatus(trx: Transaction<Database>, organisationId: string, id: string): Promise<string> {
  const row = await trx
    .selectFrom('referrals')
    .select(['status'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound();
  return row.status;
}

/** Closes a referral without a case, with one of the queue's reasons; nothing is deleted. */
export async function closeReferral(
  services: Services,
  actor: Actor,
  id: string,
  closure: ReferralClosure,
): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    const status = await lockedStatus(trx, actor.organisationId, id);
    if (status === 'closed') throw new AppError('conflict', 'The referral is already closed.');
    if (status === 'case-opened') {
      throw new AppError('conflict', 'The referral is part of a case; close the case instead.');
    }
    await trx
      .updateTable('referrals')
      .set({
        status: 'closed',
        closed_reason: closure.reason,
        closed_note: closure.note || null,
        closed_at: new Date(),
        closed_by: actor.userId,
      })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, auditActor(actor), [
      {
        action: 'referral.close',
        entityType: 'referral',
        entityId: id,
        details: { reason: closure.reason, note: closure.note || null },
      },
    ]);
  });
}

/** Reopens a closed referral: back in review, the closure kept in its history. */
export async function reopenReferral(services: Services, actor: Actor, id: string): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    if ((await lockedStatus(trx, actor.organisationId, id)) !== 'closed')
      throw new AppError('conflict', 'Only a closed referral can be reopened.');
    await trx
      .updateTable('referrals')
      .set({ status: 'in-review', closed_reason: null, closed_note: null, closed_at: null, closed_by: null })
      .where('id', '=', id)
      .execute();
    await appendAudit(trx, auditActor(actor), [
      { action: 'referral.reopen', entityType: 'referral', entityId: id },
    ]);
  });
}

export async function closureOf(db: Db, row: ReferralRow): Promise<ReferralDetail['closure']> {
  if (!row.closed_reason || !row.closed_at) return null;
  const by = row.closed_by
    ? await db.selectFrom('users').select('username').where('id', '=', row.closed_by).executeTakeFirst()
    : undefined;
  return {
    reason: row.closed_reason as CloseReason,
    note: row.closed_note,
    at: row.closed_at.toISOString(),
    by: by?.username ?? null,
  };
}

/**
 * What happened to a referral, oldest first: every audited change (reads and searches are left out — the
 * audit log keeps them for supervisors).
 */
export async function referralHistory(
  services: Services,
  actor: Actor,
  id: string,
): Promise<ReferralHistory> {
  return services.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('referrals')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound();
    const entries = await trx
      .selectFrom('audit_log')
      .select(['at', 'actor_name', 'action', 'details'])
      .where('entity_type', '=', 'referral')
      .where('entity_id', '=', id)
      .where('action', 'not like', '%.read')
      .where('action', '<>', 'referral.history')
      .orderBy('seq')
      .limit(1000)
      .execute();
    await appendAudit(trx, auditActor(actor), [
      { action: 'referral.history', entityType: 'referral', entityId: id },
    ]);
    return {
      items: entries.map((e) => ({
        at: e.at.toISOString(),
        actor: e.actor_name,
        action: e.action,
        details: (e.details ?? {}) as Record<string, unknown>,
      })),
    };
  });
}

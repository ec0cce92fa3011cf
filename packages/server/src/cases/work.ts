import type { Transaction } from 'kysely';
import { appendAudit, auditActor, type AuditEvent } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { caseAccess, type CaseAccess } from './access.ts';
import { recordCaseEvents, type CaseEvent } from './timeline.ts';

export interface CaseChange<T> {
  result: T;
  /** On the case's timeline; none when the request changed nothing (a retry). */
  events: CaseEvent[];
  /** Ids and counts only: free text (reasons, titles) goes to the timeline, which the case's readers see. */
  audit: Omit<AuditEvent, 'entityType' | 'entityId'>[];
}

/**
 * One change to a case, in one transaction: the case row locked (changes to one case are serialised), the
 * work, its timeline events and its audit entries — all or nothing.
 */
export async function changeCase<T>(
  services: Services,
  actor: Actor,
  caseId: string,
  work: (trx: Transaction<Database>, access: CaseAccess) => Promise<CaseChange<T>>,
): Promise<T> {
  return services.db.transaction().execute(async (trx) => {
    const access = await caseAccess(trx, actor, caseId, { forUpdate: true });
    // An organisation the case is shared with reads it; only its owner works it.
    if (!access.owner)
      throw new AppError('forbidden', 'Only the organisation that owns the case changes it.');
    const change = await work(trx, access);
    if (change.events.length) {
      await recordCaseEvents(trx, actor, caseId, change.events);
      await trx.updateTable('cases').set({ updated_at: new Date() }).where('id', '=', caseId).execute();
    }
    await appendAudit(
      trx,
      auditActor(actor),
      change.audit.map((a) => ({ ...a, entityType: 'case', entityId: caseId })),
    );
    return change.result;
  });
}

/** A read of one case's records, audited in the same transaction. */
export async function readCase<T>(
  services: Services,
  actor: Actor,
  caseId: string,
  action: string,
  read: (trx: Transaction<Database>, access: CaseAccess) => Promise<T>,
): Promise<T> {
  return services.db.transaction().execute(async (trx) => {
    const access = await caseAccess(trx, actor, caseId);
    const result = await read(trx, access);
    await appendAudit(trx, auditActor(actor), [{ action, entityType: 'case', entityId: caseId }]);
    return result;
  });
}

/** A 409 for a change a closed case does not take. */
export function refuseIfClosed(access: CaseAccess): void {
  if (access.status === 'closed') throw new AppError('conflict', 'The case is closed; reopen it first.');
}

/** A user of the caller's organisation who can log in, or a 400 naming `field`. */
export async function colleague(
  trx: Transaction<Database>,
  actor: Actor,
  userId: string,
  field: string,
): Promise<{ id: string; name: string }> {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', '=', userId)
    .where('organisation_id', '=', actor.organisationId)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (!user)
    throw new AppError('validation_failed', `${field}: no such active user in your organisation`, field);
  return { id: user.id, name: user.display_name };
}

type CaseRecordTable = 'case_tasks' | 'case_preservations' | 'case_warrants' | 'case_legal_requests';

/**
 * Inserts a case record; with a client-chosen id, a retry finds the record it already stored instead of
 * storing a copy (`created: false`). An id already used for another case's record is a 409.
 */
export async function insertOnce(
  trx: Transaction<Database>,
  table: CaseRecordTable,
  caseId: string,
  row: { id?: string } & Record<string, unknown>,
): Promise<{ id: string; created: boolean }> {
  const inserted = await trx
    .insertInto(table)
    .values({ ...row, case_id: caseId } as never)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await trx
    .selectFrom(table)
    .select(['id', 'case_id'])
    .where('id', '=', row.id!)
    .executeTakeFirstOrThrow();
  if (existing.case_id !== caseId)
    throw new AppError('conflict', 'id: already used for another record', 'id');
  return { id: existing.id, created: false };
}

/** The 404 for a record id that is not one of this case's. */
export function recordNotFound(what: string): AppError {
  return new AppError('not_found', `No such ${what} in this case.`);
}

import type { Transaction } from 'kysely';
import { appendAudit, auditActor, type AuditEvent } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { caseAccess, type CaseAccess } from './access.ts';
import { recordCaseEvents, type CaseEvent } from './timeline.ts';

/** An audit entry of a case request: about the case unless it names its own entity (a hearing, an evidence item). */
export type CaseAuditEntry = Omit<AuditEvent, 'entityType' | 'entityId'> &
  Partial<Pick<AuditEvent, 'entityType' | 'entityId'>>;

export interface CaseWork<T> {
  result: T;
  /** On the case's timeline; none when the request changed nothing (a retry). */
  events?: CaseEvent[];
  /** Ids and counts only: free text (reasons, titles) goes to the timeline, which the case's readers see. */
  audit: CaseAuditEntry[];
}

export interface CaseRequest {
  /** Changes the case: its row is locked (changes to one case are serialised) and only its owner may. */
  write?: boolean;
  /** A write a closed case refuses (409). */
  refuseClosed?: boolean;
  /** A read an organisation the case is shared with never gets (the identity vault, aftercare). */
  ownerOnly?: boolean;
  /** A read that an organisation the case is shared with gets too (see `caseAccess`). */
  shared?: boolean;
}

/**
 * The frame of every request on one case the caller can see, in one transaction: the access check, the work,
 * its timeline events and its audit entries — all or nothing.
 */
export async function onCase<T>(
  services: Services,
  actor: Actor,
  caseId: string,
  request: CaseRequest,
  work: (trx: Transaction<Database>, access: CaseAccess) => Promise<CaseWork<T>>,
): Promise<T> {
  return services.db.transaction().execute(async (trx) => {
    const access = await caseAccess(trx, actor, caseId, { forUpdate: request.write, shared: request.shared });
    // An organisation the case is shared with may read parts of it; only the owner changes it or opens the vault.
    if ((request.write || request.ownerOnly) && !access.owner)
      throw new AppError('forbidden', 'Only the organisation that owns the case can do this.');
    if (request.refuseClosed) refuseIfClosed(access);
    const { result, events = [], audit } = await work(trx, access);
    if (events.length) {
      await recordCaseEvents(trx, actor, caseId, events);
      await trx.updateTable('cases').set({ updated_at: new Date() }).where('id', '=', caseId).execute();
    }
    await appendAudit(
      trx,
      auditActor(actor),
      audit.map((a) => ({ ...a, entityType: a.entityType ?? 'case', entityId: a.entityId ?? caseId })),
    );
    return result;
  });
}

/** One change to a case by its owner (see `onCase`). */
export function changeCase<T>(
  services: Services,
  actor: Actor,
  caseId: string,
  work: (trx: Transaction<Database>, access: CaseAccess) => Promise<CaseWork<T>>,
): Promise<T> {
  return onCase(services, actor, caseId, { write: true }, work);
}

/** A read of one case's records, audited as `action` on the case. */
export function readCase<T>(
  services: Services,
  actor: Actor,
  caseId: string,
  action: string,
  read: (trx: Transaction<Database>, access: CaseAccess) => Promise<T>,
): Promise<T> {
  return onCase(services, actor, caseId, {}, async (trx, access) => ({
    result: await read(trx, access),
    audit: [{ action }],
  }));
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

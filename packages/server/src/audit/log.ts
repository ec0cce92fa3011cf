import { auditEntryHash, ChainVerifier, type AuditRecord, type ChainCheck } from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';

/** Who did something, as the audit log records it. `userId` is null for anonymous callers. */
export interface AuditActor {
  userId: string | null;
  name: string;
  organisationId: string | null;
  ip: string | null;
}

/** What was done. Details hold ids, counts and filters — never names of children or free text. */
export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

export function auditActor(actor: Actor): AuditActor {
  return { userId: actor.userId, name: actor.username, organisationId: actor.organisationId, ip: actor.ip };
}

/**
 * Appends entries to the hash chain inside the caller's transaction, so a change and its audit entry
 * commit together or not at all. Locking the head row serialises appends.
 */
export async function appendAudit(
  trx: Transaction<Database>,
  actor: AuditActor,
  events: AuditEvent[],
): Promise<void> {
  if (!events.length) return;
  const head = await trx
    .selectFrom('audit_head')
    .selectAll()
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  let previous = head.hash;
  let seq = Number(head.seq);
  const at = new Date();
  const rows = events.map((event) => {
    seq++;
    const record: AuditRecord = {
      seq,
      at: at.toISOString(),
      actorUserId: actor.userId,
      actorName: actor.name,
      actorOrgId: actor.organisationId,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      ip: actor.ip,
      details: event.details ?? {},
    };
    const hash = auditEntryHash(previous, record);
    const row = {
      seq,
      at,
      actor_user_id: record.actorUserId,
      actor_name: record.actorName,
      actor_org_id: record.actorOrgId,
      action: record.action,
      entity_type: record.entityType,
      entity_id: record.entityId,
      ip: record.ip,
      details: JSON.stringify(record.details),
      prev_hash: previous,
      hash,
    };
    previous = hash;
    return row;
  });
  // The head row stays locked until commit, so every round trip here delays the next writer: the last
  // slice of entries and the head update go in one statement.
  const last = Math.floor((rows.length - 1) / 1000) * 1000;
  for (let i = 0; i < last; i += 1000) {
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
  await trx
    .with('appended', (db) => db.insertInto('audit_log').values(rows.slice(last)).returning('seq'))
    .updateTable('audit_head')
    .set({ seq, hash: previous })
    .where('id', '=', 1)
    .execute();
}

/** Runs `work` in a transaction and appends its audit entries in the same transaction. */
export async function audited<T>(
  db: Kysely<Database>,
  actor: AuditActor,
  work: (trx: Transaction<Database>) => Promise<{ result: T; events: AuditEvent[] }>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const { result, events } = await work(trx);
    await appendAudit(trx, actor, events);
    return result;
  });
}

/** Re-computes the whole chain, page by page, and reports the first entry that does not fit. */
export async function verifyAuditLog(db: Kysely<Database>, pageSize = 5000): Promise<ChainCheck> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      const ok = verifier.add({
        seq: Number(row.seq),
        at: row.at.toISOString(),
        actorUserId: row.actor_user_id,
        actorName: row.actor_name,
        actorOrgId: row.actor_org_id,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        ip: row.ip,
        details: row.details,
        prevHash: row.prev_hash,
        hash: row.hash,
      });
      if (!ok) return verifier.finish({ seq: 0, hash: '' });
    }
    if (page.length < pageSize) break;
    after = Number(page.at(-1)!.seq);
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return verifier.finish({ seq: Number(head.seq), hash: head.hash });
}

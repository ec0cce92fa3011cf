import { auditEntryHash, ChainVerifier, type AuditRecord, type ChainCheck } from '@sinag/core';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { AuditLogTable, Database } from '../db/schema.ts';
import { startLoop, type LoopPacing } from '../background.ts';
import { executeTogether, type Statement } from '../db/together.ts';

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
 * The statements that append entries, for a caller that sends them with its own write (`executeTogether`);
 * they must commit in the same transaction as the change they record. They take no lock: a trigger queues
 * each entry, and `sealAuditEntries` chains it just after the commit.
 */
export function auditInserts(db: Kysely<Database>, actor: AuditActor, events: AuditEvent[]): Statement[] {
  const at = new Date();
  const rows = events.map((event) => ({
    at,
    actor_user_id: actor.userId,
    actor_name: actor.name,
    actor_org_id: actor.organisationId,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId ?? null,
    ip: actor.ip,
    details: JSON.stringify(event.details ?? {}),
  }));
  const inserts: Statement[] = [];
  for (let i = 0; i < rows.length; i += 1000)
    inserts.push(db.insertInto('audit_log').values(rows.slice(i, i + 1000)));
  return inserts;
}

/** Appends entries inside the caller's transaction: a change and its audit entry commit together or not at all. */
export async function appendAudit(
  trx: Transaction<Database>,
  actor: AuditActor,
  events: AuditEvent[],
): Promise<void> {
  const inserts = auditInserts(trx, actor, events);
  if (inserts.length) await executeTogether(trx, inserts.slice(0, -1), inserts.at(-1)!);
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

const recordOf = (row: Selectable<AuditLogTable>): AuditRecord => ({
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
});

/** Entries sealed per transaction (by default). */
const SEAL_BATCH = 5000;

/**
 * Seals up to `limit` committed entries onto the end of the chain, oldest first, and returns how many.
 * Locking the head makes concurrent sealers (a server and a CLI command) take turns; the queue is read after
 * the lock, so each entry is sealed once. Entries seal in the order their transactions commit, so chain
 * positions need not follow entry numbers.
 */
export async function sealAuditEntries(db: Kysely<Database>, limit = SEAL_BATCH): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const head = await trx
      .selectFrom('audit_head')
      .selectAll()
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // `= any(array(…))`, not `in (…)`: the planner then deletes through the key instead of scanning the queue's
    // heap, which holds every entry deleted since the last vacuum.
    const { rows } = await sql<Selectable<AuditLogTable>>`
      with taken as (
        delete from audit_unsealed
        where seq = any(array(select seq from audit_unsealed order by seq limit ${limit}))
        returning seq)
      select audit_log.* from audit_log join taken using (seq) order by seq`.execute(trx);
    if (!rows.length) return 0;
    let previous = head.hash;
    let position = Number(head.position);
    const seals = rows.map((row) => {
      const hash = auditEntryHash(previous, recordOf(row));
      const seal = { position: ++position, seq: row.seq, prev_hash: previous, hash };
      previous = hash;
      return seal;
    });
    const inserts: Statement[] = [];
    for (let i = 0; i < seals.length; i += 5000)
      inserts.push(trx.insertInto('audit_seals').values(seals.slice(i, i + 5000)));
    await executeTogether(
      trx,
      inserts,
      trx.updateTable('audit_head').set({ position, hash: previous }).where('id', '=', 1),
    );
    return rows.length;
  });
}

/** Seals every committed entry, batch by batch. */
export async function sealAllAuditEntries(db: Kysely<Database>): Promise<void> {
  while ((await sealAuditEntries(db)) > 0);
}

/**
 * Keeps the chain sealed while a process writes (see `startLoop` for the pacing): an entry is sealed within
 * about `idleMs` of its commit. `stop` seals what is left.
 */
export function startAuditSealer(db: Kysely<Database>, pacing: LoopPacing = {}): { stop(): Promise<void> } {
  const loop = startLoop(() => sealAuditEntries(db), 'audit sealing', pacing, SEAL_BATCH);
  return {
    async stop() {
      await loop.stop();
      await sealAllAuditEntries(db);
    },
  };
}

/**
 * Seals what is committed, then re-computes the whole chain page by page and reports the first entry that
 * does not fit; finally checks that no entry escaped the chain (one neither sealed nor waiting).
 */
export async function verifyAuditLog(db: Kysely<Database>, pageSize = 5000): Promise<ChainCheck> {
  await sealAllAuditEntries(db);
  // The walk, the head and the check for unsealed entries read one snapshot: while a server runs, the sealer
  // keeps committing new seals, and a head read after the walk could otherwise stand past its end.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const verifier = new ChainVerifier();
      let after = 0;
      for (;;) {
        const page = await trx
          .selectFrom('audit_seals as s')
          .leftJoin('audit_log as l', 'l.seq', 's.seq')
          .selectAll('l')
          .select(['s.position', 's.seq as sealed_seq', 's.prev_hash', 's.hash'])
          .where('s.position', '>', after)
          .orderBy('s.position')
          .limit(pageSize)
          .execute();
        for (const row of page) {
          const position = Number(row.position);
          const ok =
            row.at === null
              ? verifier.missing(Number(row.sealed_seq), position)
              : verifier.add({
                  ...recordOf(row as Selectable<AuditLogTable>),
                  position,
                  prevHash: row.prev_hash,
                  hash: row.hash,
                });
          if (!ok) return verifier.finish({ position: 0, hash: '' });
        }
        if (page.length < pageSize) break;
        after = Number(page.at(-1)!.position);
      }
      const head = await trx
        .selectFrom('audit_head')
        .selectAll()
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      const result = verifier.finish({ position: Number(head.position), hash: head.hash });
      if (!result.ok) return result;
      const escaped = await sql<{ seq: string | number }>`
      select l.seq from audit_log l
      where not exists (select 1 from audit_seals s where s.seq = l.seq)
        and not exists (select 1 from audit_unsealed u where u.seq = l.seq)
      order by l.seq limit 1`.execute(trx);
      if (escaped.rows.length) {
        const seq = Number(escaped.rows[0]!.seq);
        return {
          ok: false,
          entries: result.entries,
          brokenAt: seq,
          reason: 'it was never sealed into the chain',
        };
      }
      return result;
    });
}

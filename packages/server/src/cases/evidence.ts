import {
  chainCustodyEntry,
  EMPTY_CUSTODY_HEAD,
  hasPermission,
  verifyCustodyChain,
  type ChainedCustodyRecord,
  type CustodyTransferInput,
  type CustodyVerification,
  type EvidenceInput,
  type EvidenceView,
} from '@sinag/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { CustodyEntriesTable, Database, EvidenceItemsTable } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import type { CaseAccess } from './access.ts';
import { changeCase, onCase, recordNotFound } from './work.ts';

type Db = Kysely<Database> | Transaction<Database>;
type EvidenceRow = Selectable<EvidenceItemsTable>;
type CustodyRow = Selectable<CustodyEntriesTable>;

/** Restricted evidence (a recorded disclosure interview) is for the case team and prosecutors only. */
export function mayReadRestricted(actor: Actor, access: CaseAccess): boolean {
  return access.owner && (access.onTeam || hasPermission(actor.role, 'case:prosecute'));
}

const custodyRecord = (row: CustodyRow): ChainedCustodyRecord => ({
  evidenceId: row.evidence_id,
  position: row.position,
  from: row.from_party,
  to: row.to_party,
  at: row.at.toISOString(),
  reason: row.reason,
  recordedBy: row.recorded_by,
  recordedAt: row.recorded_at.toISOString(),
  prevHash: row.prev_hash,
  hash: row.hash,
});

function toView(item: EvidenceRow, custody: CustodyRow[]): EvidenceView {
  return {
    id: item.id,
    label: item.label,
    description: item.description,
    md5: item.md5,
    sha1: item.sha1,
    sha256: item.sha256,
    heldIn: { system: item.held_system, location: item.held_location, reference: item.held_reference },
    restricted: item.restricted,
    createdAt: item.created_at.toISOString(),
    custodian: custody.at(-1)?.to_party ?? '',
    custody: custody.map((row) => {
      const { evidenceId: _e, prevHash: _p, ...entry } = custodyRecord(row);
      return entry;
    }),
  };
}

/** The case's evidence items, oldest first; restricted ones only if `restricted`. */
function itemsOf(db: Db, caseId: string, restricted: boolean): Promise<EvidenceRow[]> {
  let query = db.selectFrom('evidence_items').selectAll().where('case_id', '=', caseId);
  if (!restricted) query = query.where('restricted', '=', false);
  return query.orderBy('created_at').orderBy('label').execute();
}

/** The custody entries of the items, by item and position. */
async function custodyOf(db: Db, itemIds: string[]): Promise<CustodyRow[]> {
  if (!itemIds.length) return [];
  return db
    .selectFrom('custody_entries')
    .selectAll()
    .where('evidence_id', 'in', itemIds)
    .orderBy('evidence_id')
    .orderBy('position')
    .execute();
}

/** The case's evidence items with their custody logs, oldest first; restricted ones only if `restricted`. */
export async function loadEvidence(
  db: Db,
  caseId: string,
  options: { restricted: boolean },
): Promise<EvidenceView[]> {
  const items = await itemsOf(db, caseId, options.restricted);
  if (!items.length) return [];
  const custody = await custodyOf(
    db,
    items.map((i) => i.id),
  );
  return items.map((item) =>
    toView(
      item,
      custody.filter((c) => c.evidence_id === item.id),
    ),
  );
}

/** Appends the next custody entry to an item whose row the caller has locked, and moves its head. */
async function appendCustody(
  trx: Transaction<Database>,
  actor: Actor,
  item: Pick<EvidenceRow, 'id' | 'custody_entries' | 'custody_head'>,
  transfer: CustodyTransferInput,
): Promise<ChainedCustodyRecord> {
  const entry = chainCustodyEntry(
    { entries: item.custody_entries, hash: item.custody_head },
    {
      evidenceId: item.id,
      from: transfer.from,
      to: transfer.to,
      at: new Date(transfer.at).toISOString(),
      reason: transfer.reason,
      recordedBy: actor.userId,
      recordedAt: new Date().toISOString(),
    },
  );
  await trx
    .insertInto('custody_entries')
    .values({
      evidence_id: entry.evidenceId,
      position: entry.position,
      from_party: entry.from,
      to_party: entry.to,
      at: entry.at,
      reason: entry.reason,
      recorded_by: entry.recordedBy,
      recorded_at: entry.recordedAt,
      prev_hash: entry.prevHash,
      hash: entry.hash,
    })
    .execute();
  await trx
    .updateTable('evidence_items')
    .set({ custody_entries: entry.position, custody_head: entry.hash })
    .where('id', '=', item.id)
    .execute();
  return entry;
}

/**
 * Events about restricted evidence are marked so (never shared with another organisation) and do not name the
 * item or its holders, since the whole organisation reads the timeline.
 */
const eventKind = (item: Pick<EvidenceRow, 'restricted'>, kind: string) =>
  item.restricted ? `restricted.${kind}` : kind;

const sameItem = (row: EvidenceRow, input: EvidenceInput) =>
  row.description === input.description &&
  row.md5 === (input.md5 ?? null) &&
  row.sha1 === (input.sha1 ?? null) &&
  row.sha256 === (input.sha256 ?? null);

/**
 * Records an evidence item and its first custody entry. Sending the same item again (same label, description
 * and hashes) returns the one already recorded, so a retry never duplicates it.
 */
export async function addEvidence(
  services: Services,
  actor: Actor,
  caseId: string,
  input: EvidenceInput,
): Promise<{ item: EvidenceView; created: boolean }> {
  return changeCase<{ item: EvidenceView; created: boolean }>(services, actor, caseId, async (trx) => {
    const existing = await trx
      .selectFrom('evidence_items')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('label', '=', input.label)
      .executeTakeFirst();
    if (existing) {
      if (!sameItem(existing, input)) {
        throw new AppError(
          'conflict',
          `label: the case already has evidence labelled ${input.label}`,
          'label',
        );
      }
      const [item] = await loadEvidence(trx, caseId, { restricted: true }).then((all) =>
        all.filter((e) => e.id === existing.id),
      );
      return { result: { item: item!, created: false }, audit: [] };
    }
    const row = await trx
      .insertInto('evidence_items')
      .values({
        case_id: caseId,
        label: input.label,
        description: input.description,
        md5: input.md5 ?? null,
        sha1: input.sha1 ?? null,
        sha256: input.sha256 ?? null,
        held_system: input.heldIn.system,
        held_location: input.heldIn.location,
        held_reference: input.heldIn.reference,
        restricted: input.restricted ?? false,
        created_by: actor.userId,
        custody_head: EMPTY_CUSTODY_HEAD.hash,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const entry = await appendCustody(trx, actor, row, input.custody);
    const item = (await loadEvidence(trx, caseId, { restricted: true })).find((e) => e.id === row.id)!;
    return {
      result: { item, created: true },
      events: [
        {
          kind: eventKind(row, 'evidence.add'),
          summary: row.restricted
            ? 'Restricted evidence recorded (for the team and prosecutors)'
            : `Evidence ${row.label} recorded, held by ${entry.to}`,
          detail: { evidenceId: row.id },
        },
      ],
      audit: [
        {
          action: 'evidence.create',
          entityType: 'evidence',
          entityId: row.id,
          details: { caseId, restricted: row.restricted, custodyHash: entry.hash },
        },
      ],
    };
  });
}

/** The case's evidence list; restricted items are left out for callers who may not see them. */
export async function listEvidence(services: Services, actor: Actor, caseId: string) {
  return onCase(services, actor, caseId, {}, async (trx, access) => {
    const items = await loadEvidence(trx, caseId, { restricted: mayReadRestricted(actor, access) });
    return {
      result: { items },
      audit: [
        {
          action: 'evidence.list',
          details: {
            returned: items.map((i) => i.id),
            restrictedRead: items.filter((i) => i.restricted).map((i) => i.id),
          },
        },
      ],
    };
  });
}

/** Hands the material on: the new entry's `from` must be whoever holds it now. */
export async function transferCustody(
  services: Services,
  actor: Actor,
  caseId: string,
  evidenceId: string,
  transfer: CustodyTransferInput,
): Promise<EvidenceView> {
  return changeCase(services, actor, caseId, async (trx, access) => {
    const item = await trx
      .selectFrom('evidence_items')
      .selectAll()
      .where('id', '=', evidenceId)
      .where('case_id', '=', caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!item || (item.restricted && !mayReadRestricted(actor, access))) {
      throw recordNotFound('evidence item');
    }
    const holder = await trx
      .selectFrom('custody_entries')
      .select('to_party')
      .where('evidence_id', '=', evidenceId)
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    if (holder.to_party !== transfer.from) {
      throw new AppError(
        'validation_failed',
        `from: must be whoever holds the item now (${holder.to_party})`,
        'from',
      );
    }
    const entry = await appendCustody(trx, actor, item, transfer);
    return {
      result: (await loadEvidence(trx, caseId, { restricted: true })).find((e) => e.id === evidenceId)!,
      events: [
        {
          kind: eventKind(item, 'custody.transfer'),
          summary: item.restricted
            ? 'Restricted evidence handed over (for the team and prosecutors)'
            : `Evidence ${item.label} handed from ${entry.from} to ${entry.to}`,
          detail: { evidenceId, position: entry.position },
        },
      ],
      audit: [
        {
          action: 'custody.transfer',
          entityType: 'evidence',
          entityId: evidenceId,
          details: { caseId, position: entry.position, custodyHash: entry.hash },
        },
      ],
    };
  });
}

/** Re-walks every custody chain of the case from the stored rows, naming the first fault of each. */
export async function custodyChecks(
  db: Db,
  caseId: string,
  restricted: boolean,
): Promise<CustodyVerification[]> {
  const items = await itemsOf(db, caseId, restricted);
  const rows = await custodyOf(
    db,
    items.map((i) => i.id),
  );
  return items.map((item) => ({
    evidenceId: item.id,
    ...verifyCustodyChain(rows.filter((r) => r.evidence_id === item.id).map(custodyRecord), {
      entries: item.custody_entries,
      hash: item.custody_head,
    }),
  }));
}

export async function verifyCaseCustody(services: Services, actor: Actor, caseId: string) {
  return onCase(services, actor, caseId, {}, async (trx, access) => {
    const items = await custodyChecks(trx, caseId, mayReadRestricted(actor, access));
    const ok = items.every((i) => i.ok);
    return {
      result: { ok, items },
      audit: [
        {
          action: 'custody.verify',
          details: { ok, items: items.length, broken: items.filter((i) => !i.ok).map((i) => i.evidenceId) },
        },
      ],
    };
  });
}

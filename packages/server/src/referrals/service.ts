import {
  canonicalJson,
  hasPermission,
  ReferralInput,
  type ReferralData,
  type ReferralDetail,
  type ReferralListParams,
} from '@sinag/core';
import type { Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import { appendAudit, auditActor, auditInserts, type AuditActor } from '../audit/log.ts';
import { fileMatchingOf } from '../matching/view.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError, fromZodError } from '../http/errors.ts';
import { closureOf } from './workflow.ts';
import type { Services } from '../services.ts';
import { intakeOrganisationId } from '../users/service.ts';
import { routingOf } from '../routing/view.ts';
import { priorityViewOf } from '../triage/view.ts';
import { prepareReferral, type PreparedReferral } from './prepare.ts';
import {
  findCasesOfReferral,
  findNotesOfReferral,
  findReferral,
  findReferralFiles,
  findReferrals,
  findVictimsOfReferral,
  insertReferrals,
  toSummaries,
  type SourceDocument,
} from './repository.ts';
import { isUniqueViolation } from '../db/errors.ts';

/**
 * A referral belongs to the organisation that will work it: the submitter's own if its users can read
 * referrals; otherwise (platforms, banks) the national intake centre.
 */
export async function owningOrganisation(services: Services, actor: Actor): Promise<string> {
  return hasPermission(actor.role, 'referral:read') ? actor.organisationId : intakeOrganisationId(services);
}

/**
 * Creates one referral. With an idempotency key, a retry of the same request returns the referral the first
 * attempt created (`replayed: true`); the same key with a different body is a 409.
 */
export async function createReferral(
  services: Services,
  actor: Actor,
  data: ReferralData,
  idempotencyKey?: string,
): Promise<{ id: string; reference: string; replayed: boolean }> {
  const prepared = prepareReferral(data, services);
  const organisationId = await owningOrganisation(services, actor);
  // Only a keyed request is compared with its retries.
  const requestHash = idempotencyKey ? createHash('sha256').update(canonicalJson(data)).digest('hex') : '';

  const replay = async () => {
    if (!idempotencyKey) return undefined;
    const previous = await services.db
      .selectFrom('idempotency_keys')
      .innerJoin('referrals', 'referrals.id', 'idempotency_keys.resource_id')
      .select(['referrals.id', 'referrals.reference', 'idempotency_keys.request_hash'])
      .where('idempotency_keys.user_id', '=', actor.userId)
      .where('idempotency_keys.key', '=', idempotencyKey)
      .executeTakeFirst();
    if (!previous) return undefined;
    if (previous.request_hash !== requestHash) {
      throw new AppError(
        'idempotency_conflict',
        'This Idempotency-Key was already used with a different body.',
        'Idempotency-Key',
      );
    }
    return { id: previous.id, reference: previous.reference, replayed: true };
  };

  const earlier = await replay();
  if (earlier) return earlier;
  try {
    const [created] = await storePreparedReferrals(
      services,
      { organisationId, createdBy: actor.userId },
      auditActor(actor),
      [prepared],
      async (trx, [stored]) => {
        if (!idempotencyKey) return;
        await trx
          .insertInto('idempotency_keys')
          .values({
            user_id: actor.userId,
            key: idempotencyKey,
            request_hash: requestHash,
            resource_id: stored!.id,
          })
          .execute();
      },
    );
    return { ...created!, replayed: false };
  } catch (error) {
    // Two concurrent retries with one key: the loser finds the winner's referral.
    if (isUniqueViolation(error) && idempotencyKey) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
}

/** One item of a bulk creation: the referral as received, and the documents it was made from. */
export interface BulkItem {
  data: unknown;
  documents?: SourceDocument[];
}

/**
 * Creates many referrals in one transaction (imports, demo data). Either all are stored or none, and
 * each gets its audit entry. Raw items are validated here so a bad item is named by its index.
 * `alsoInTransaction` runs in the same transaction once they are stored (e.g. to record what created them).
 */
export async function createReferralsBulk(
  services: Services,
  owner: { organisationId: string; createdBy: string | null },
  by: AuditActor,
  items: BulkItem[],
  alsoInTransaction?: (
    trx: Transaction<Database>,
    created: { id: string; reference: string }[],
  ) => Promise<void>,
): Promise<{ id: string; reference: string }[]> {
  const prepared = items.map((item, i) => {
    const parsed = ReferralInput.safeParse(item.data);
    if (!parsed.success) throw fromZodError(parsed.error, `[${i}]`);
    return {
      ...prepareReferral(parsed.data, services, `[${i}].`),
      documents: item.documents,
    };
  });
  return storePreparedReferrals(services, owner, by, prepared, alsoInTransaction);
}

/**
 * The storing half of createReferralsBulk, for a caller that has already validated and prepared each item
 * (the CyberTip import does, to give every document its own status; preparing twice would double its cost).
 */
export async function storePreparedReferrals(
  services: Services,
  owner: { organisationId: string; createdBy: string | null },
  by: AuditActor,
  items: (PreparedReferral & { documents?: SourceDocument[] })[],
  alsoInTransaction?: (
    trx: Transaction<Database>,
    created: { id: string; reference: string }[],
  ) => Promise<void>,
): Promise<{ id: string; reference: string }[]> {
  const prepared = items.map((item) => ({ ...item, ...owner }));
  return services.db.transaction().execute(async (trx) => {
    const created = await insertReferrals(trx, services.vault, prepared, (ids) =>
      auditInserts(
        trx,
        by,
        ids.map((id, i) => ({
          action: 'referral.create',
          entityType: 'referral',
          entityId: id,
          details: { source: prepared[i]!.referral.source, organisationId: owner.organisationId },
        })),
      ),
    );
    if (alsoInTransaction) await alsoInTransaction(trx, created);
    return created;
  });
}

export async function listReferrals(services: Services, actor: Actor, query: ReferralListParams) {
  const assigned = query.assigned === 'me' ? actor.userId : query.assigned;
  const { rows, total, totalCapped } = await findReferrals(services.db, actor.organisationId, {
    ...query,
    assigned,
  });
  await services.db.transaction().execute((trx) =>
    appendAudit(trx, auditActor(actor), [
      {
        action: 'referral.list',
        entityType: 'referral',
        // The filters say what was looked for; the search text can be an identifier, so only its presence is kept.
        details: { ...query, q: query.q ? '(search)' : undefined, returned: rows.map((r) => r.id) },
      },
    ]),
  );
  const items = await toSummaries(services.db, rows);
  return { items, total, totalCapped, page: query.page, pageSize: query.pageSize };
}

export async function getReferral(services: Services, actor: Actor, id: string): Promise<ReferralDetail> {
  return services.db.transaction().execute(async (trx) => {
    const row = await findReferral(trx, actor.organisationId, id);
    if (!row) throw new AppError('not_found', 'No such referral, or it is not visible to your organisation.');
    const [files, cases, victims, notes] = await Promise.all([
      findReferralFiles(trx, id),
      findCasesOfReferral(trx, id),
      findVictimsOfReferral(trx, id),
      findNotesOfReferral(trx, id),
    ]);
    await appendAudit(trx, auditActor(actor), [
      { action: 'referral.read', entityType: 'referral', entityId: id },
    ]);
    const matching = await fileMatchingOf({ ...services, db: trx }, actor.organisationId, id, files);
    const [summary] = await toSummaries(trx, [row]);
    const priority = await priorityViewOf(trx, row);
    const rescoring = await trx
      .selectFrom('triage_queue')
      .select('referral_id')
      .where('referral_id', '=', id)
      .executeTakeFirst();
    return {
      ...summary!,
      incidentAt: row.incident_at?.toISOString() ?? null,
      priority,
      rescoring: rescoring !== undefined,
      data: row.data as Record<string, unknown>,
      files: files.map((f) => ({
        index: f.file_index,
        name: f.name,
        md5: f.md5,
        sha1: f.sha1,
        sha256: f.sha256,
        pdq: f.pdq,
        pdqQuality: f.pdq_quality,
        viewedByEsp: f.viewed_by_esp,
        publiclyAvailable: f.publicly_available,
        warrantRequired: f.viewed_by_esp === false && f.publicly_available !== true,
        matching: matching.get(f.file_index)!,
      })),
      cases,
      victims: victims.map((v) => ({
        pseudonym: v.pseudonym,
        ageYears: v.age_years,
        ageEstimate: v.age_estimate,
        sex: v.sex,
        country: v.country,
        region: v.region,
      })),
      notes: notes.map((n) => ({ at: n.created_at.toISOString(), source: n.source, text: n.text })),
      createdAt: row.created_at.toISOString(),
      closure: await closureOf(trx, row),
      ...routingOf(row),
    };
  });
}

import type {
  CaseDetail,
  CaseInput,
  CaseStatus,
  CaseSummary,
  CaseTemplateId,
  Classification,
} from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { clusterMembers } from '../linking/facts.ts';
import { toSummaries } from '../referrals/repository.ts';
import { queueRescoring } from '../triage/rescore.ts';
import { markPublicationStale } from '../deconfliction/service.ts';
import { DEFAULT_CASE_TEMPLATE } from '@sinag/core';
import { caseAccess } from './access.ts';
import { caseListWhere, type CaseListFilter, type Paging } from './case-list.ts';
import { caseTeam } from './team.ts';
import { createStandardTasks } from './tasks.ts';
import { recordCaseEvents } from './timeline.ts';
import type { Services } from '../services.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function caseQuery(db: Db, organisationId: string) {
  return db
    .selectFrom('cases')
    .leftJoin('users', 'users.id', 'cases.created_by')
    .leftJoin('users as lead', 'lead.id', 'cases.lead_id')
    .select((eb) => [
      'cases.id',
      'cases.reference',
      'cases.title',
      'cases.status',
      'cases.created_at',
      'cases.updated_at',
      'cases.template',
      'cases.classification',
      'cases.lead_id',
      'cases.closed_reason',
      'lead.display_name as lead_name',
      'users.username as created_by',
      eb
        .selectFrom('case_referrals')
        .select((s) => s.fn.countAll<number>().as('n'))
        .whereRef('case_referrals.case_id', '=', 'cases.id')
        .as('referral_count'),
    ])
    .where('cases.organisation_id', '=', organisationId);
}

type CaseRow = Awaited<ReturnType<ReturnType<typeof caseQuery>['executeTakeFirstOrThrow']>>;

export function toCaseSummary(row: CaseRow): CaseSummary {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    status: row.status as CaseStatus,
    referralCount: Number(row.referral_count ?? 0),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    template: row.template as CaseTemplateId,
    classification: row.classification as Classification,
    lead: row.lead_id ? { id: row.lead_id, name: row.lead_name ?? '' } : null,
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function loadCase(trx: Db, organisationId: string, id: string): Promise<CaseDetail | undefined> {
  const row = await caseQuery(trx, organisationId).where('cases.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const referrals = await trx
    .selectFrom('case_referrals')
    .innerJoin('referrals', 'referrals.id', 'case_referrals.referral_id')
    .selectAll('referrals')
    .where('case_referrals.case_id', '=', id)
    .orderBy('referrals.received_at')
    .execute();
  return {
    ...toCaseSummary(row),
    referrals: await toSummaries(trx, referrals),
    team: await caseTeam(trx, id),
    closedReason: row.closed_reason,
  };
}

/** The referrals among `ids` of the caller's organisation; a 400 naming any that is not one. */
async function ownReferrals(trx: Transaction<Database>, actor: Actor, ids: string[]) {
  const referrals = await trx
    .selectFrom('referrals')
    .select(['id', 'reference'])
    .where('organisation_id', '=', actor.organisationId)
    .where('id', 'in', ids)
    .execute();
  const missing = ids.filter((id) => !referrals.some((r) => r.id === id));
  if (missing.length) {
    throw new AppError(
      'validation_failed',
      `referralIds: no such referral in your organisation: ${missing.join(', ')}`,
      'referralIds',
    );
  }
  return referrals;
}

/**
 * What follows when referrals join an open case, or their case closes or reopens: the referrals linked to them
 * are scored again ("an open case in the cluster" is one of their triage factors), and the organisation's
 * deconfliction publication is marked for republishing. Re-scoring is queued before any referral is updated,
 * in the order it takes its locks (queue row, then referral), so the two never wait on each other in a circle.
 */
export async function openCasesChanged(
  trx: Transaction<Database>,
  organisationId: string,
  referralIds: string[],
): Promise<void> {
  await queueRescoring(trx, await clusterMembers(trx, referralIds));
  await markPublicationStale(trx, organisationId);
}

/** Links referrals to the case and moves them to "case-opened"; returns those not already in it. */
async function linkReferrals(trx: Transaction<Database>, actor: Actor, caseId: string, ids: string[]) {
  await openCasesChanged(trx, actor.organisationId, ids);
  const added = await trx
    .insertInto('case_referrals')
    .values(ids.map((referral_id) => ({ case_id: caseId, referral_id, added_by: actor.userId })))
    .onConflict((oc) => oc.columns(['case_id', 'referral_id']).doNothing())
    .returning('referral_id')
    .execute();
  const addedIds = added.map((a) => a.referral_id);
  if (addedIds.length) {
    // Locked in id order first, as every writer that locks several referrals takes them.
    await trx
      .selectFrom('referrals')
      .select('id')
      .where('id', 'in', addedIds)
      .orderBy('id')
      .forNoKeyUpdate()
      .execute();
    await trx
      .updateTable('referrals')
      .set({
        status: 'case-opened',
        closed_reason: null,
        closed_note: null,
        closed_at: null,
        closed_by: null,
      })
      .where('id', 'in', addedIds)
      .execute();
  }
  return addedIds;
}

const referralJoined = (caseId: string) => (id: string) => ({
  action: 'referral.update',
  entityType: 'referral',
  entityId: id,
  details: { status: 'case-opened', caseId },
});

/** Opens a case from referrals of the caller's organisation; the referrals move to "case-opened". */
export async function createCase(
  services: Services,
  actor: Actor,
  input: Required<Pick<CaseInput, 'referralIds'>> & CaseInput,
) {
  const ids = [...new Set(input.referralIds)];
  return services.db.transaction().execute(async (trx) => {
    const referrals = await ownReferrals(trx, actor, ids);
    const title =
      input.title ??
      `Case from ${referrals
        .map((r) => r.reference)
        .sort()
        .join(', ')}`.slice(0, 200);
    const created = await trx
      .insertInto('cases')
      .values({
        organisation_id: actor.organisationId,
        title,
        created_by: actor.userId,
        lead_id: actor.userId,
        template: input.template ?? DEFAULT_CASE_TEMPLATE,
      })
      .returning(['id', 'reference'])
      .executeTakeFirstOrThrow();
    await linkReferrals(trx, actor, created.id, ids);
    await recordCaseEvents(trx, actor, created.id, [
      {
        kind: 'case.open',
        summary: `Case opened from ${referrals
          .map((r) => r.reference)
          .sort()
          .join(', ')}`,
        detail: { referralIds: ids },
      },
    ]);
    await createStandardTasks(trx, actor, created.id, input.template ?? DEFAULT_CASE_TEMPLATE);
    await appendAudit(trx, auditActor(actor), [
      { action: 'case.create', entityType: 'case', entityId: created.id, details: { referralIds: ids } },
      ...ids.map(referralJoined(created.id)),
    ]);
    return (await loadCase(trx, actor.organisationId, created.id))!;
  });
}

/** Merges more referrals into an open case of the caller's organisation (a referral already in it is kept once). */
export async function addReferralsToCase(
  services: Services,
  actor: Actor,
  caseId: string,
  referralIds: string[],
) {
  const ids = [...new Set(referralIds)];
  return services.db.transaction().execute(async (trx) => {
    const found = await caseAccess(trx, actor, caseId, { forUpdate: true });
    if (found.status === 'closed') throw new AppError('conflict', 'The case is closed; reopen it first.');
    const referrals = await ownReferrals(trx, actor, ids);
    const addedIds = await linkReferrals(trx, actor, caseId, ids);
    await recordCaseEvents(
      trx,
      actor,
      caseId,
      referrals
        .filter((r) => addedIds.includes(r.id))
        .map((r) => ({
          kind: 'referral.add',
          summary: `Referral ${r.reference} added`,
          detail: { referralId: r.id },
        })),
    );
    await trx.updateTable('cases').set({ updated_at: new Date() }).where('id', '=', caseId).execute();
    await appendAudit(trx, auditActor(actor), [
      {
        action: 'case.add-referrals',
        entityType: 'case',
        entityId: caseId,
        details: { referralIds: addedIds },
      },
      ...addedIds.map(referralJoined(caseId)),
    ]);
    return (await loadCase(trx, actor.organisationId, caseId))!;
  });
}

export async function listCases(services: Services, actor: Actor, query: CaseListFilter & Paging) {
  return services.db.transaction().execute(async (trx) => {
    const rows = await caseQuery(trx, actor.organisationId)
      .where(caseListWhere(actor, query))
      .orderBy('cases.created_at', 'desc')
      .orderBy('cases.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const total = await trx
      .selectFrom('cases')
      .where(caseListWhere(actor, query))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await appendAudit(trx, auditActor(actor), [
      { action: 'case.list', entityType: 'case', details: { ...query, returned: rows.map((r) => r.id) } },
    ]);
    return {
      items: rows.map(toCaseSummary),
      total: Number(total.n),
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

export async function getCase(services: Services, actor: Actor, id: string): Promise<CaseDetail> {
  return services.db.transaction().execute(async (trx) => {
    const found = await loadCase(trx, actor.organisationId, id);
    if (!found) throw new AppError('not_found', 'No such case, or it is not visible to your organisation.');
    await appendAudit(trx, auditActor(actor), [{ action: 'case.read', entityType: 'case', entityId: id }]);
    return found;
  });
}

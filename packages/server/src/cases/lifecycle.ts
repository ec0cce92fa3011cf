import {
  CASE_TEMPLATES,
  CLASSIFICATION_RANK,
  hasPermission,
  type Role,
  type UserRef,
  stageMove,
  type CaseDetail,
  type CaseEventView,
  type CaseStage,
  type CaseTemplateId,
  type Classification,
} from '@sinag/core';
import type { Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import type { CaseAccess } from './access.ts';
import { loadCase, openCasesChanged } from './service.ts';
import { changeCase, colleague, readCase, refuseIfClosed, type CaseWork } from './work.ts';

type Change = CaseWork<CaseDetail>;

/** A case closed or reopened: see openCasesChanged. */
async function caseOpenedOrClosed(trx: Transaction<Database>, access: CaseAccess) {
  const rows = await trx
    .selectFrom('case_referrals')
    .select('referral_id')
    .where('case_id', '=', access.caseId)
    .execute();
  await openCasesChanged(
    trx,
    access.organisationId,
    rows.map((r) => r.referral_id),
  );
}

async function current(trx: Transaction<Database>, actor: Actor, caseId: string) {
  return (await loadCase(trx, actor.organisationId, caseId))!;
}

/** A change that turned out to be none (a retried request): the case as it is, nothing recorded. */
async function unchanged(trx: Transaction<Database>, actor: Actor, caseId: string): Promise<Change> {
  return { result: await current(trx, actor, caseId), events: [], audit: [] };
}

/** Moves a case to the next stage of its template, or back to an earlier one with a reason. */
export function changeStage(
  services: Services,
  actor: Actor,
  caseId: string,
  input: { stage: CaseStage; reason?: string },
) {
  return changeCase(services, actor, caseId, async (trx, access): Promise<Change> => {
    refuseIfClosed(access);
    if (access.status === input.stage) return unchanged(trx, actor, caseId);
    const { template } = await trx
      .selectFrom('cases')
      .select('template')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const move = stageMove(template as CaseTemplateId, access.status, input.stage);
    if (move.kind === 'refused') throw new AppError('validation_failed', `stage: ${move.reason}`, 'stage');
    if (move.kind === 'back' && !input.reason) {
      throw new AppError('validation_failed', 'reason: is required to go back to an earlier stage', 'reason');
    }
    await trx.updateTable('cases').set({ status: input.stage }).where('id', '=', caseId).execute();
    const back = move.kind === 'back';
    return {
      result: await current(trx, actor, caseId),
      events: [
        {
          kind: 'stage.change',
          summary: `Stage ${back ? 'back ' : ''}from ${access.status} to ${input.stage}${input.reason ? `: ${input.reason}` : ''}`,
          detail: { from: access.status, to: input.stage, back },
        },
      ],
      audit: [{ action: 'case.stage', details: { from: access.status, to: input.stage, back } }],
    };
  });
}

export function closeCase(services: Services, actor: Actor, caseId: string, reason: string) {
  return changeCase(services, actor, caseId, async (trx, access): Promise<Change> => {
    if (access.status === 'closed') return unchanged(trx, actor, caseId);
    await trx
      .updateTable('cases')
      .set({ status: 'closed', closed_at: new Date(), closed_reason: reason, closed_from: access.status })
      .where('id', '=', caseId)
      .execute();
    await caseOpenedOrClosed(trx, access);
    return {
      result: await current(trx, actor, caseId),
      events: [{ kind: 'case.close', summary: `Case closed: ${reason}`, detail: { from: access.status } }],
      audit: [{ action: 'case.close', details: { from: access.status } }],
    };
  });
}

/** Reopens a closed case at the stage it was closed from. */
export function reopenCase(services: Services, actor: Actor, caseId: string, reason: string) {
  return changeCase(services, actor, caseId, async (trx, access): Promise<Change> => {
    if (access.status !== 'closed') throw new AppError('conflict', 'The case is not closed.');
    const row = await trx
      .selectFrom('cases')
      .select(['template', 'closed_from'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const stage = row.closed_from ?? CASE_TEMPLATES[row.template as CaseTemplateId].stages[0];
    await trx
      .updateTable('cases')
      .set({ status: stage, closed_at: null, closed_reason: null, closed_from: null })
      .where('id', '=', caseId)
      .execute();
    await caseOpenedOrClosed(trx, access);
    return {
      result: await current(trx, actor, caseId),
      events: [
        { kind: 'case.reopen', summary: `Case reopened at ${stage}: ${reason}`, detail: { to: stage } },
      ],
      audit: [{ action: 'case.reopen', details: { to: stage } }],
    };
  });
}

export function changeLead(services: Services, actor: Actor, caseId: string, userId: string) {
  return changeCase(services, actor, caseId, async (trx): Promise<Change> => {
    const lead = await colleague(trx, actor, userId, 'userId');
    const before = await trx
      .selectFrom('cases')
      .select('lead_id')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    if (before.lead_id === userId) return unchanged(trx, actor, caseId);
    await trx.updateTable('cases').set({ lead_id: userId }).where('id', '=', caseId).execute();
    return {
      result: await current(trx, actor, caseId),
      events: [{ kind: 'lead.change', summary: `${lead.name} now leads the case`, detail: { userId } }],
      audit: [{ action: 'case.lead', details: { from: before.lead_id, to: userId } }],
    };
  });
}

export function addTeamMember(
  services: Services,
  actor: Actor,
  caseId: string,
  input: { userId: string; role: string },
) {
  return changeCase(services, actor, caseId, async (trx): Promise<Change> => {
    const member = await colleague(trx, actor, input.userId, 'userId');
    const added = await trx
      .insertInto('case_team')
      .values({ case_id: caseId, user_id: input.userId, role_on_case: input.role })
      .onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!added) return unchanged(trx, actor, caseId);
    return {
      result: await current(trx, actor, caseId),
      events: [
        {
          kind: 'team.add',
          summary: `${member.name} joined the team (${input.role})`,
          detail: { userId: input.userId, role: input.role },
        },
      ],
      audit: [{ action: 'case.team.add', details: { userId: input.userId, role: input.role } }],
    };
  });
}

export function removeTeamMember(services: Services, actor: Actor, caseId: string, userId: string) {
  return changeCase(services, actor, caseId, async (trx): Promise<Change> => {
    const removed = await trx
      .deleteFrom('case_team')
      .where('case_id', '=', caseId)
      .where('user_id', '=', userId)
      .returning('user_id')
      .executeTakeFirst();
    if (!removed) throw new AppError('not_found', 'That user is not on the case team.');
    const user = await trx
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', userId)
      .executeTakeFirst();
    return {
      result: await current(trx, actor, caseId),
      events: [
        {
          kind: 'team.remove',
          summary: `${user?.display_name ?? 'A user'} left the team`,
          detail: { userId },
        },
      ],
      audit: [{ action: 'case.team.remove', details: { userId } }],
    };
  });
}

/** A lower classification shares the case more widely, so lowering it needs a reason. */
export function changeClassification(
  services: Services,
  actor: Actor,
  caseId: string,
  input: { classification: Classification; reason?: string },
) {
  return changeCase(services, actor, caseId, async (trx, access): Promise<Change> => {
    const from = access.classification;
    if (from === input.classification) return unchanged(trx, actor, caseId);
    if (CLASSIFICATION_RANK[input.classification] < CLASSIFICATION_RANK[from] && !input.reason) {
      throw new AppError('validation_failed', 'reason: is required to lower the classification', 'reason');
    }
    await trx
      .updateTable('cases')
      .set({ classification: input.classification })
      .where('id', '=', caseId)
      .execute();
    return {
      result: await current(trx, actor, caseId),
      events: [
        {
          kind: 'classification.change',
          summary: `Classification TLP:${from} → TLP:${input.classification}${input.reason ? `: ${input.reason}` : ''}`,
          detail: { from, to: input.classification },
        },
      ],
      audit: [{ action: 'case.classification', details: { from, to: input.classification } }],
    };
  });
}

/** A page of the case's timeline, newest first. */
export function caseTimeline(
  services: Services,
  actor: Actor,
  caseId: string,
  query: { page: number; pageSize: number },
) {
  return readCase(services, actor, caseId, 'case.timeline.read', async (trx) => {
    const rows = await trx
      .selectFrom('case_events')
      .select(['id', 'at', 'actor_name', 'kind', 'summary', 'detail'])
      .where('case_id', '=', caseId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    const total = await trx
      .selectFrom('case_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    const items: CaseEventView[] = rows.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actor: r.actor_name,
      kind: r.kind,
      summary: r.summary,
      detail: (r.detail as Record<string, unknown> | null) ?? null,
    }));
    return { items, total: Number(total.n), page: query.page, pageSize: query.pageSize };
  });
}

/** Colleagues who can be a case's lead or on its team: active users of the organisation who read cases. */
export async function caseColleagues(services: Services, actor: Actor): Promise<{ items: UserRef[] }> {
  const users = await services.db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role'])
    .where('organisation_id', '=', actor.organisationId)
    .where('is_active', '=', true)
    .orderBy('display_name')
    .execute();
  return {
    items: users
      .filter((u) => hasPermission(u.role as Role, 'case:read'))
      .map((u) => ({ id: u.id, username: u.username, displayName: u.display_name })),
  };
}

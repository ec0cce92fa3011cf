import type { OperationOutcomeInput, OperationPlanInput, OperationStatus, OperationView } from '@sinag/core';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { requireTeam } from './access.ts';
import { createdBefore, rememberCreated, replayed, type Once } from './idempotency.ts';
import { day, requireInCase, type Trx } from './people-common.ts';
import { onCase, recordNotFound } from './work.ts';

/**
 * Rescue operations. Everything about them is for the case team only (requireTeam on every call), and the
 * case timeline, which the whole organisation reads, only says that one was planned, approved or carried out.
 */
const WHAT = 'Operation data';

async function loadOperations(trx: Trx, caseId: string, operationId?: string): Promise<OperationView[]> {
  let query = trx
    .selectFrom('case_operations as o')
    .leftJoin('users as p', 'p.id', 'o.planned_by')
    .leftJoin('users as a', 'a.id', 'o.approved_by')
    .select([
      'o.id',
      'o.name',
      day('o.planned_for').as('planned_for'),
      'o.region',
      'o.city',
      'o.partner_agencies',
      'o.status',
      'p.username as planned_by',
      'a.username as approved_by',
      'o.approved_at',
      day('o.carried_out_on').as('carried_out_on'),
      'o.evidence_seized',
    ])
    .where('o.case_id', '=', caseId);
  if (operationId) query = query.where('o.id', '=', operationId);
  const rows = await query.orderBy('o.planned_for').orderBy('o.created_at').execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  // One after another: a transaction is one connection.
  const staff = await trx
    .selectFrom('operation_staff as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.operation_id', 's.role', 'u.id', 'u.username', 'u.display_name'])
    .where('s.operation_id', 'in', ids)
    .orderBy('u.username')
    .execute();
  const safeguarded = await trx
    .selectFrom('operation_safeguarded as s')
    .innerJoin('case_victims as v', 'v.id', 's.victim_id')
    .select(['s.operation_id', 'v.id', 'v.pseudonym'])
    .where('s.operation_id', 'in', ids)
    .orderBy('v.pseudonym')
    .execute();
  const arrested = await trx
    .selectFrom('operation_arrests as a')
    .innerJoin('case_subjects as s', 's.id', 'a.subject_id')
    .select(['a.operation_id', 's.id', 's.label'])
    .where('a.operation_id', 'in', ids)
    .orderBy('s.label')
    .execute();
  const people = (operationId: string, role: string) =>
    staff
      .filter((s) => s.operation_id === operationId && s.role === role)
      .map((s) => ({ id: s.id, username: s.username, displayName: s.display_name }));
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    plannedFor: o.planned_for,
    region: o.region,
    city: o.city,
    partnerAgencies: o.partner_agencies,
    team: people(o.id, 'team'),
    socialWorkers: people(o.id, 'social-worker'),
    status: o.status as OperationStatus,
    plannedBy: o.planned_by,
    approvedBy: o.approved_by,
    approvedAt: o.approved_at?.toISOString() ?? null,
    outcome: o.carried_out_on
      ? {
          carriedOutOn: o.carried_out_on,
          safeguarded: safeguarded
            .filter((s) => s.operation_id === o.id)
            .map(({ id, pseudonym }) => ({ id, pseudonym })),
          arrested: arrested.filter((a) => a.operation_id === o.id).map(({ id, label }) => ({ id, label })),
          evidenceSeized: o.evidence_seized,
        }
      : null,
  }));
}

async function loadOperation(trx: Trx, caseId: string, operationId: string): Promise<OperationView> {
  const [operation] = await loadOperations(trx, caseId, operationId);
  if (!operation) throw recordNotFound('operation');
  return operation;
}

/** Team members must be active users of the case's organisation; social workers must hold that role. */
async function checkStaff(trx: Trx, organisationId: string, ids: string[], field: string, role?: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const users = await trx
    .selectFrom('users')
    .select(['id', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('is_active', '=', true)
    .where('id', 'in', unique)
    .execute();
  const bad = unique.filter((id) => !users.some((u) => u.id === id && (!role || u.role === role)));
  if (bad.length)
    throw new AppError(
      'validation_failed',
      `${field}: not ${role ? `a ${role}` : 'a user'} of the case’s organisation: ${bad.join(', ')}`,
      field,
    );
}

export async function listOperations(services: Services, actor: Actor, caseId: string) {
  return onCase(services, actor, caseId, {}, async (trx, access) => {
    requireTeam(access, WHAT);
    const items = await loadOperations(trx, caseId);
    return {
      result: { items },
      audit: [
        { action: 'operation.list', entityType: 'case', entityId: caseId, details: { count: items.length } },
      ],
    };
  });
}

export async function planOperation(
  services: Services,
  actor: Actor,
  caseId: string,
  input: z.output<typeof OperationPlanInput>,
  once?: Once,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx, access) => {
    requireTeam(access, WHAT);
    const before = await createdBefore(trx, actor, once);
    if (before)
      return { result: await loadOperation(trx, caseId, before), audit: [replayed('operation', before)] };
    await checkStaff(trx, access.organisationId, input.teamIds, 'teamIds');
    await checkStaff(trx, access.organisationId, input.socialWorkerIds, 'socialWorkerIds', 'social-worker');
    const { id } = await trx
      .insertInto('case_operations')
      .values({
        case_id: caseId,
        name: input.name,
        planned_for: input.plannedFor,
        region: input.region,
        city: input.city ?? null,
        partner_agencies: JSON.stringify(input.partnerAgencies),
        planned_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const staff = (role: string, ids: string[]) =>
      [...new Set(ids)].map((user_id) => ({ operation_id: id, user_id, role }));
    await trx
      .insertInto('operation_staff')
      .values([...staff('team', input.teamIds), ...staff('social-worker', input.socialWorkerIds)])
      .execute();
    await rememberCreated(trx, actor, once, id);
    return {
      result: await loadOperation(trx, caseId, id),
      events: [{ kind: 'operation.plan', summary: 'An operation was planned', detail: { operationId: id } }],
      audit: [{ action: 'operation.plan', entityType: 'operation', entityId: id, details: { caseId } }],
    };
  });
}

/** A supervisor's approval; whoever planned the operation cannot approve it. */
export async function approveOperation(
  services: Services,
  actor: Actor,
  caseId: string,
  operationId: string,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx, access) => {
    requireTeam(access, WHAT);
    const row = await trx
      .selectFrom('case_operations')
      .select(['planned_by', 'status'])
      .where('id', '=', operationId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw recordNotFound('operation');
    if (row.planned_by === actor.userId)
      throw new AppError('forbidden', 'An operation must be approved by someone other than its planner.');
    if (row.status !== 'planned') throw new AppError('conflict', `The operation is already ${row.status}.`);
    await trx
      .updateTable('case_operations')
      .set({ status: 'approved', approved_by: actor.userId, approved_at: new Date() })
      .where('id', '=', operationId)
      .execute();
    return {
      result: await loadOperation(trx, caseId, operationId),
      events: [{ kind: 'operation.approve', summary: 'An operation was approved', detail: { operationId } }],
      audit: [
        { action: 'operation.approve', entityType: 'operation', entityId: operationId, details: { caseId } },
      ],
    };
  });
}

/** What the approved operation achieved: children safeguarded, subjects arrested, evidence seized. */
export async function recordOperationOutcome(
  services: Services,
  actor: Actor,
  caseId: string,
  operationId: string,
  input: z.output<typeof OperationOutcomeInput>,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx, access) => {
    requireTeam(access, WHAT);
    const row = await trx
      .selectFrom('case_operations')
      .select('status')
      .where('id', '=', operationId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw recordNotFound('operation');
    if (row.status !== 'approved')
      throw new AppError(
        'conflict',
        row.status === 'planned'
          ? 'The operation has not been approved.'
          : 'The outcome is already recorded.',
      );
    await requireInCase(trx, 'case_victims', caseId, input.safeguardedVictimIds, 'safeguardedVictimIds');
    await requireInCase(trx, 'case_subjects', caseId, input.arrestedSubjectIds, 'arrestedSubjectIds');
    await trx
      .updateTable('case_operations')
      .set({
        status: 'carried-out',
        carried_out_on: input.carriedOutOn,
        evidence_seized: input.evidenceSeized ?? null,
        outcome_by: actor.userId,
        outcome_at: new Date(),
      })
      .where('id', '=', operationId)
      .execute();
    const victims = [...new Set(input.safeguardedVictimIds)];
    const subjects = [...new Set(input.arrestedSubjectIds)];
    if (victims.length)
      await trx
        .insertInto('operation_safeguarded')
        .values(victims.map((victim_id) => ({ operation_id: operationId, victim_id })))
        .execute();
    if (subjects.length)
      await trx
        .insertInto('operation_arrests')
        .values(subjects.map((subject_id) => ({ operation_id: operationId, subject_id })))
        .execute();
    return {
      result: await loadOperation(trx, caseId, operationId),
      events: [
        { kind: 'operation.outcome', summary: 'An operation was carried out', detail: { operationId } },
      ],
      audit: [
        {
          action: 'operation.outcome',
          entityType: 'operation',
          entityId: operationId,
          details: { caseId, safeguarded: victims.length, arrested: subjects.length },
        },
      ],
    };
  });
}

import {
  CASE_TEMPLATES,
  taskValuesProblem,
  type CaseTemplateId,
  type TaskField,
  type TaskInput,
  type TaskUpdate,
  type TaskValues,
  type TaskView,
} from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import { appendAudit, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { recordCaseEvents } from './timeline.ts';
import { changeCase, colleague, insertOnce, readCase, recordNotFound, refuseIfClosed } from './work.ts';

type Db = Kysely<Database> | Transaction<Database>;
const DAY_MS = 86_400_000;

function taskQuery(db: Db) {
  return db
    .selectFrom('case_tasks')
    .innerJoin('cases', 'cases.id', 'case_tasks.case_id')
    .leftJoin('users as assignee', 'assignee.id', 'case_tasks.assignee_id')
    .select([
      'case_tasks.id',
      'case_tasks.case_id',
      'cases.reference as case_reference',
      'case_tasks.title',
      'case_tasks.assignee_id',
      'assignee.display_name as assignee_name',
      'case_tasks.due_at',
      'case_tasks.status',
      'case_tasks.fields',
      'case_tasks.field_values',
      'case_tasks.completed_at',
      'case_tasks.created_at',
    ]);
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof taskQuery>['executeTakeFirstOrThrow']>>;

function toTaskView(row: TaskRow): TaskView {
  return {
    id: row.id,
    caseId: row.case_id,
    caseReference: row.case_reference,
    title: row.title,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    dueAt: row.due_at?.toISOString() ?? null,
    status: row.status as TaskView['status'],
    fields: row.fields as TaskField[],
    values: row.field_values as TaskValues,
    completedAt: row.completed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

async function loadTask(trx: Db, caseId: string, taskId: string): Promise<TaskView> {
  const row = await taskQuery(trx)
    .where('case_tasks.id', '=', taskId)
    .where('case_tasks.case_id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw recordNotFound('task');
  return toTaskView(row);
}

/** The standard tasks of the case's template, due counted from now; called as the case is opened. */
export async function createStandardTasks(
  trx: Transaction<Database>,
  actor: Actor,
  caseId: string,
  template: CaseTemplateId,
): Promise<void> {
  const tasks = CASE_TEMPLATES[template].tasks;
  const now = Date.now();
  await trx
    .insertInto('case_tasks')
    .values(
      tasks.map((t) => ({
        case_id: caseId,
        title: t.title,
        due_at: new Date(now + t.dueDays * DAY_MS),
        fields: JSON.stringify(t.fields),
        created_by: actor.userId,
      })),
    )
    .execute();
  await recordCaseEvents(trx, actor, caseId, [
    {
      kind: 'task.create',
      summary: `${tasks.length} standard tasks of the ${CASE_TEMPLATES[template].label} template created`,
      detail: { template, count: tasks.length },
    },
  ]);
}

export function listTasks(services: Services, actor: Actor, caseId: string) {
  return readCase(services, actor, caseId, 'case.task.list', async (trx) => {
    const rows = await taskQuery(trx)
      .where('case_tasks.case_id', '=', caseId)
      .orderBy('case_tasks.status', 'desc')
      .orderBy('case_tasks.due_at')
      .orderBy('case_tasks.created_at')
      .execute();
    return { items: rows.map(toTaskView) };
  });
}

export function createTask(services: Services, actor: Actor, caseId: string, input: TaskInput) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const assignee = input.assigneeId ? await colleague(trx, actor, input.assigneeId, 'assigneeId') : null;
    const { id, created } = await insertOnce(trx, 'case_tasks', caseId, {
      ...(input.id ? { id: input.id } : {}),
      title: input.title,
      assignee_id: assignee?.id ?? null,
      due_at: input.dueAt ? new Date(input.dueAt) : null,
      fields: JSON.stringify(input.fields ?? []),
      created_by: actor.userId,
    });
    const task = await loadTask(trx, caseId, id);
    const result = { task, created };
    if (!created) return { result, events: [], audit: [] };
    return {
      result,
      events: [
        {
          kind: 'task.create',
          summary: `Task “${task.title}” created${assignee ? ` for ${assignee.name}` : ''}`,
          detail: { taskId: id },
        },
      ],
      audit: [{ action: 'case.task.create', details: { taskId: id, fields: task.fields.length } }],
    };
  });
}

/** Edits a task: title, assignee, due date and field values (null clears one); each change on the timeline. */
export function updateTask(
  services: Services,
  actor: Actor,
  caseId: string,
  taskId: string,
  update: TaskUpdate,
) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const task = await loadTask(trx, caseId, taskId);
    if (task.status === 'done')
      throw new AppError('conflict', 'The task is completed; reopen it to change it.');
    const set: Record<string, unknown> = {};
    const changes: string[] = [];
    if (update.title !== undefined && update.title !== task.title) {
      set.title = update.title;
      changes.push(`renamed to “${update.title}”`);
    }
    if (update.assigneeId !== undefined && update.assigneeId !== (task.assignee?.id ?? null)) {
      const assignee = update.assigneeId
        ? await colleague(trx, actor, update.assigneeId, 'assigneeId')
        : null;
      set.assignee_id = assignee?.id ?? null;
      changes.push(assignee ? `assigned to ${assignee.name}` : 'unassigned');
    }
    if (
      update.dueAt !== undefined &&
      (update.dueAt ? Date.parse(update.dueAt) : null) !== (task.dueAt ? Date.parse(task.dueAt) : null)
    ) {
      set.due_at = update.dueAt ? new Date(update.dueAt) : null;
      changes.push(update.dueAt ? `due ${update.dueAt.slice(0, 10)}` : 'no due date');
    }
    const filled: string[] = [];
    if (update.values) {
      const values: Record<string, string | number> = { ...task.values };
      for (const [name, value] of Object.entries(update.values)) {
        if (value === null || value === '') delete values[name];
        else values[name] = value;
      }
      const problem = taskValuesProblem(task.fields, { ...update.values, ...values }, false);
      if (problem) {
        const field = `values.${problem.field}`;
        throw new AppError('validation_failed', `${field}: ${problem.message}`, field);
      }
      for (const name of Object.keys(update.values)) {
        if (values[name] !== task.values[name]) filled.push(task.fields.find((f) => f.name === name)!.label);
      }
      if (filled.length) {
        set.field_values = JSON.stringify(values);
        changes.push(`filled ${filled.join(', ')}`);
      }
    }
    if (!changes.length) return { result: task, events: [], audit: [] };
    await trx.updateTable('case_tasks').set(set).where('id', '=', taskId).execute();
    return {
      result: await loadTask(trx, caseId, taskId),
      events: [
        { kind: 'task.update', summary: `Task “${task.title}”: ${changes.join('; ')}`, detail: { taskId } },
      ],
      audit: [{ action: 'case.task.update', details: { taskId, changed: Object.keys(set) } }],
    };
  });
}

/** Completes a task once every field is filled; a missing one is a 400 naming it. */
export function completeTask(services: Services, actor: Actor, caseId: string, taskId: string) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const task = await loadTask(trx, caseId, taskId);
    if (task.status === 'done') return { result: task, events: [], audit: [] };
    const problem = taskValuesProblem(task.fields, task.values, true);
    if (problem) {
      const field = `values.${problem.field}`;
      throw new AppError('validation_failed', `${field}: ${problem.message}`, field);
    }
    await trx
      .updateTable('case_tasks')
      .set({ status: 'done', completed_at: new Date(), completed_by: actor.userId })
      .where('id', '=', taskId)
      .execute();
    return {
      result: await loadTask(trx, caseId, taskId),
      events: [{ kind: 'task.complete', summary: `Task “${task.title}” completed`, detail: { taskId } }],
      audit: [{ action: 'case.task.complete', details: { taskId } }],
    };
  });
}

export function reopenTask(services: Services, actor: Actor, caseId: string, taskId: string) {
  return changeCase(services, actor, caseId, async (trx, access) => {
    refuseIfClosed(access);
    const task = await loadTask(trx, caseId, taskId);
    if (task.status === 'open') return { result: task, events: [], audit: [] };
    await trx
      .updateTable('case_tasks')
      .set({ status: 'open', completed_at: null, completed_by: null })
      .where('id', '=', taskId)
      .execute();
    return {
      result: await loadTask(trx, caseId, taskId),
      events: [{ kind: 'task.reopen', summary: `Task “${task.title}” reopened`, detail: { taskId } }],
      audit: [{ action: 'case.task.reopen', details: { taskId } }],
    };
  });
}

/** Tasks assigned to the caller across the organisation's cases, soonest due first ("my work"). */
export async function myTasks(
  services: Services,
  actor: Actor,
  query: { status: 'open' | 'done' | 'all'; page: number; pageSize: number },
) {
  return services.db.transaction().execute(async (trx) => {
    let base = taskQuery(trx)
      .where('case_tasks.assignee_id', '=', actor.userId)
      .where('cases.organisation_id', '=', actor.organisationId);
    if (query.status !== 'all') base = base.where('case_tasks.status', '=', query.status);
    const rows = await base
      .orderBy('case_tasks.due_at', (ob) => ob.asc().nullsLast())
      .orderBy('case_tasks.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute();
    let count = trx
      .selectFrom('case_tasks')
      .innerJoin('cases', 'cases.id', 'case_tasks.case_id')
      .where('case_tasks.assignee_id', '=', actor.userId)
      .where('cases.organisation_id', '=', actor.organisationId);
    if (query.status !== 'all') count = count.where('case_tasks.status', '=', query.status);
    const total = await count.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await appendAudit(trx, auditActor(actor), [
      { action: 'case.task.mine', entityType: 'case_task', details: { ...query, returned: rows.length } },
    ]);
    return {
      items: rows.map(toTaskView),
      total: Number(total.n),
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}

import {
  CaseItemParams,
  IdParams,
  MyTasksQuery,
  TaskInput,
  TaskList,
  TaskPage,
  TaskUpdate,
  TaskView,
} from '@sinag/core';
import { defineRoute } from '../http/route.ts';
import { completeTask, createTask, listTasks, myTasks, reopenTask, updateTask } from './tasks.ts';

export const caseTaskRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/tasks',
    summary: 'A case’s tasks, open ones first, soonest due first',
    tag: 'cases',
    access: 'case:read',
    params: IdParams,
    response: TaskList,
    errors: [404],
    handler: ({ actor, params, services }) => listTasks(services, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/tasks',
    summary: 'Add a task, with the fields that must be filled before it can be completed',
    tag: 'cases',
    access: 'case:manage',
    params: IdParams,
    body: TaskInput,
    response: TaskView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, reply, services }) {
      const { task, created } = await createTask(services, actor, params.id, body);
      if (!created) reply.code(200);
      return task;
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/cases/:id/tasks/:itemId',
    summary: 'Edit a task: title, assignee, due date, field values (null clears one)',
    tag: 'cases',
    access: 'case:manage',
    params: CaseItemParams,
    body: TaskUpdate,
    response: TaskView,
    errors: [404, 409],
    handler: ({ actor, params, body, services }) =>
      updateTask(services, actor, params.id, params.itemId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/tasks/:itemId/complete',
    summary: 'Complete a task; a 400 names the first required field still empty',
    tag: 'cases',
    access: 'case:manage',
    params: CaseItemParams,
    response: TaskView,
    errors: [404, 409],
    handler: ({ actor, params, services }) => completeTask(services, actor, params.id, params.itemId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/tasks/:itemId/reopen',
    summary: 'Reopen a completed task',
    tag: 'cases',
    access: 'case:manage',
    params: CaseItemParams,
    response: TaskView,
    errors: [404, 409],
    handler: ({ actor, params, services }) => reopenTask(services, actor, params.id, params.itemId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/tasks/mine',
    summary: 'Tasks assigned to me across the organisation’s cases, soonest due first',
    tag: 'cases',
    access: 'case:read',
    query: MyTasksQuery,
    response: TaskPage,
    handler: ({ actor, query, services }) => myTasks(services, actor, query),
  }),
];

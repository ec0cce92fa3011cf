import {
  IdParams,
  OperationList,
  OperationOutcomeInput,
  OperationParams,
  OperationPlanInput,
  OperationView,
} from '@sinag/core';
import { defineRoute } from '../http/route.ts';
import { onceFrom } from './idempotency.ts';
import { approveOperation, listOperations, planOperation, recordOperationOutcome } from './operations.ts';

/** Rescue operations: every route also requires the caller to be on the case team. */
export const operationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/operations',
    summary: 'Operations of a case (case team only)',
    tag: 'operations',
    access: 'case:read',
    params: IdParams,
    response: OperationList,
    errors: [404],
    async handler({ actor, params, services }) {
      return listOperations(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/operations',
    summary: 'Plan an operation (case team only)',
    tag: 'operations',
    access: 'case:manage',
    params: IdParams,
    body: OperationPlanInput,
    response: OperationView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, request, services }) {
      return planOperation(services, actor, params.id, body, onceFrom(request, body));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/operations/:operationId/approve',
    summary: 'Approve an operation someone else planned (a supervisor on the case team)',
    tag: 'operations',
    access: 'operation:approve',
    params: OperationParams,
    response: OperationView,
    errors: [404, 409],
    async handler({ actor, params, services }) {
      return approveOperation(services, actor, params.id, params.operationId);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/operations/:operationId/outcome',
    summary: 'Record what an approved operation achieved (case team only)',
    tag: 'operations',
    access: 'case:manage',
    params: OperationParams,
    body: OperationOutcomeInput,
    response: OperationView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return recordOperationOutcome(services, actor, params.id, params.operationId, body);
    },
  }),
];

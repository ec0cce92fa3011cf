import {
  CaseItemParams,
  Deadlines,
  DeadlinesQuery,
  IdParams,
  LegalProcess,
  LegalRequestInput,
  LegalRequestUpdate,
  LegalRequestView,
  PreservationInput,
  PreservationView,
  WarrantInput,
  WarrantUpdate,
  WarrantView,
} from '@sinag/core';
import type { FastifyReply } from 'fastify';
import { defineRoute } from '../http/route.ts';
import { deadlines } from './deadlines.ts';
import {
  addLegalRequest,
  addPreservation,
  addWarrant,
  answerLegalRequest,
  extendPreservation,
  legalProcess,
  updateWarrant,
} from './legal.ts';

/** 201 for a new record, 200 when a retry found the one already stored. */
function stored<T>(reply: FastifyReply, { view, created }: { view: T; created: boolean }): T {
  if (!created) reply.code(200);
  return view;
}

export const caseLegalRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/legal',
    summary: 'A case’s legal process: preservation requests, cybercrime warrants, subpoenas and requests',
    tag: 'cases',
    access: 'case:read',
    params: IdParams,
    response: LegalProcess,
    errors: [404],
    handler: ({ actor, params, services }) => legalProcess(services, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/preservations',
    summary: 'Record a preservation request; its expiry follows the jurisdiction’s rule',
    tag: 'cases',
    access: 'case:manage',
    params: IdParams,
    body: PreservationInput,
    response: PreservationView,
    status: 201,
    errors: [404, 409],
    handler: async ({ actor, params, body, reply, services }) =>
      stored(reply, await addPreservation(services, actor, params.id, body)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/preservations/:itemId/extend',
    summary: 'Extend a preservation where the jurisdiction allows it (a 409 says why not)',
    tag: 'cases',
    access: 'case:manage',
    params: CaseItemParams,
    response: PreservationView,
    errors: [404, 409],
    handler: ({ actor, params, services }) => extendPreservation(services, actor, params.id, params.itemId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/warrants',
    summary: 'Record a cybercrime warrant (WDCD, WICD, WSSECD, WECD); its return due follows the type’s rule',
    tag: 'cases',
    access: 'case:manage',
    params: IdParams,
    body: WarrantInput,
    response: WarrantView,
    status: 201,
    errors: [404, 409],
    handler: async ({ actor, params, body, reply, services }) =>
      stored(reply, await addWarrant(services, actor, params.id, body)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/cases/:id/warrants/:itemId',
    summary: 'Record a warrant’s service or its return',
    tag: 'cases',
    access: 'case:manage',
    params: CaseItemParams,
    body: WarrantUpdate,
    response: WarrantView,
    errors: [404, 409],
    handler: ({ actor, params, body, services }) =>
      updateWarrant(services, actor, params.id, params.itemId, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/requests',
    summary: 'Record a subpoena or a request to a platform or remitter, with its answer due',
    tag: 'cases',
    access: 'case:manage',
    params: IdParams,
    body: LegalRequestInput,
    response: LegalRequestView,
    status: 201,
    errors: [404, 409],
    handler: async ({ actor, params, body, reply, services }) =>
      stored(reply, await addLegalRequest(services, actor, params.id, body)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/cases/:id/requests/:itemId',
    summary: 'Record that a request was answered',
    tag: 'cases',
    access: 'case:manage',
    params: CaseItemParams,
    body: LegalRequestUpdate,
    response: LegalRequestView,
    errors: [404, 409],
    handler: ({ actor, params, body, services }) =>
      answerLegalRequest(services, actor, params.id, params.itemId, body.answeredAt),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/deadlines',
    summary:
      'What is overdue or due within `within` days across my cases (or the organisation’s): tasks, ' +
      'preservation expiries, warrant returns, requests — soonest first',
    tag: 'cases',
    access: 'case:read',
    query: DeadlinesQuery,
    response: Deadlines,
    handler: ({ actor, query, services }) => deadlines(services, actor, query),
  }),
];

import {
  ChargeInput,
  ChargeOutcomeInput,
  CourtInput,
  DisclosureInterviewInput,
  HearingInput,
  HearingOutcomeInput,
  IdParams,
  PleaInput,
  PleaStatusInput,
  ProsecutionView,
  StatuteInput,
  StatuteList,
  StatuteListQuery,
  StatuteView,
  Uuid,
} from '@sinag/core';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { defineRoute } from '../http/route.ts';
import type { Services } from '../services.ts';
import {
  addCharge,
  addHearing,
  addPlea,
  decidePlea,
  getProsecution,
  recordChargeOutcome,
  recordDisclosureInterview,
  recordHearingOutcome,
  setCourt,
} from './prosecution.ts';
import { createStatute, listStatutes, updateStatute } from './statutes.ts';

/** The case id and the id of one of its prosecution records, named `key`. */
const caseAnd = <K extends string>(key: K) =>
  z.object({ id: Uuid, ...({ [key]: Uuid } as Record<K, typeof Uuid>) }).strict();

/** Writes to a case's prosecution answer with the prosecution as it now stands. */
function prosecutionWrite<B extends z.ZodType>(
  url: string,
  summary: string,
  body: B,
  access: 'case:prosecute' | 'case:manage',
  apply: (services: Services, actor: Actor, caseId: string, input: z.output<B>) => Promise<ProsecutionView>,
) {
  return defineRoute({
    method: 'POST',
    url: `/api/v1/cases/:id/prosecution${url}`,
    summary,
    tag: 'prosecution',
    access,
    params: IdParams,
    body,
    response: ProsecutionView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return apply(services, actor, params.id, body as z.output<B>);
    },
  });
}

/** The statute catalogue and a case's prosecution (issue #6 §5). */
export const prosecutionRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/statutes',
    summary: 'The statute catalogue charges are brought under',
    tag: 'prosecution',
    access: 'case:read',
    query: StatuteListQuery,
    response: StatuteList,
    async handler({ query, services }) {
      return listStatutes(services, query.includeRetired);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/statutes',
    summary: 'Add an offence to the statute catalogue',
    tag: 'prosecution',
    access: 'statute:manage',
    body: StatuteInput,
    response: StatuteView,
    status: 201,
    errors: [409],
    async handler({ actor, body, reply, services }) {
      const { statute, created } = await createStatute(services, actor, body);
      if (!created) reply.code(200);
      return statute;
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/statutes/:id',
    summary: 'Correct or retire (active: false) an offence in the catalogue',
    tag: 'prosecution',
    access: 'statute:manage',
    params: IdParams,
    body: StatuteInput,
    response: StatuteView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return updateStatute(services, actor, params.id, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/prosecution',
    summary:
      'Court, charges per accused with verdicts, hearings, plea agreements and recorded disclosure interviews',
    tag: 'prosecution',
    access: 'case:read',
    params: IdParams,
    response: ProsecutionView,
    errors: [404],
    async handler({ actor, params, services }) {
      return getProsecution(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/cases/:id/prosecution/court',
    summary: 'Set the court and the court case number',
    tag: 'prosecution',
    access: 'case:prosecute',
    params: IdParams,
    body: CourtInput,
    response: ProsecutionView,
    errors: [404],
    async handler({ actor, params, body, services }) {
      return setCourt(services, actor, params.id, body);
    },
  }),
  prosecutionWrite(
    '/charges',
    'Charge an accused (a case subject) under a catalogue offence',
    ChargeInput,
    'case:prosecute',
    addCharge,
  ),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/cases/:id/prosecution/charges/:chargeId',
    summary: 'Record a charge’s verdict, sentence or appeal',
    tag: 'prosecution',
    access: 'case:prosecute',
    params: caseAnd('chargeId'),
    body: ChargeOutcomeInput,
    response: ProsecutionView,
    errors: [404],
    async handler({ actor, params, body, services }) {
      return recordChargeOutcome(services, actor, params.id, params.chargeId, body);
    },
  }),
  prosecutionWrite(
    '/hearings',
    'Record a hearing (date, kind, outcome)',
    HearingInput,
    'case:prosecute',
    addHearing,
  ),
  prosecutionWrite(
    '/pleas',
    'Record a plea agreement offered to an accused',
    PleaInput,
    'case:prosecute',
    addPlea,
  ),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/cases/:id/prosecution/hearings/:hearingId',
    summary: 'Record what came of a hearing',
    tag: 'prosecution',
    access: 'case:prosecute',
    params: caseAnd('hearingId'),
    body: HearingOutcomeInput,
    response: ProsecutionView,
    errors: [404],
    async handler({ actor, params, body, services }) {
      return recordHearingOutcome(services, actor, params.id, params.hearingId, body);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/cases/:id/prosecution/pleas/:pleaId',
    summary: 'Record the decision on a plea agreement',
    tag: 'prosecution',
    access: 'case:prosecute',
    params: caseAnd('pleaId'),
    body: PleaStatusInput,
    response: ProsecutionView,
    errors: [404],
    async handler({ actor, params, body, services }) {
      return decidePlea(services, actor, params.id, params.pleaId, body);
    },
  }),
  prosecutionWrite(
    '/disclosure-interviews',
    'Flag that a child’s disclosure interview was recorded (a restricted evidence item), so it is reused, not repeated',
    DisclosureInterviewInput,
    'case:manage',
    recordDisclosureInterview,
  ),
];

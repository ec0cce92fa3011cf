import {
  CustodyTransferInput,
  CustodyVerification,
  EvidenceInput,
  EvidenceList,
  EvidenceParams,
  EvidenceView,
  IdParams,
} from '@sinag/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { addEvidence, listEvidence, transferCustody, verifyCaseCustody } from './evidence.ts';

/** Evidence references and their hash-chained custody logs (issue #6 §7). */
export const evidenceRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/evidence',
    summary:
      'The case’s evidence references with their custody logs (restricted items for the team and prosecutors only)',
    tag: 'cases',
    access: 'case:read',
    params: IdParams,
    response: EvidenceList,
    errors: [404],
    async handler({ actor, params, services }) {
      return listEvidence(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/evidence',
    summary:
      'Record an evidence reference (hashes and where it is held, never the material) with its first custody entry',
    tag: 'cases',
    access: 'case:manage',
    params: IdParams,
    body: EvidenceInput,
    response: EvidenceView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, reply, services }) {
      const { item, created } = await addEvidence(services, actor, params.id, body);
      if (!created) reply.code(200);
      return item;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/evidence/:evidenceId/custody',
    summary: 'Append a custody transfer (from the current holder, to, when, why) to an evidence item’s log',
    tag: 'cases',
    access: 'case:manage',
    params: EvidenceParams,
    body: CustodyTransferInput,
    response: EvidenceView,
    status: 201,
    errors: [404],
    async handler({ actor, params, body, services }) {
      return transferCustody(services, actor, params.id, params.evidenceId, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/evidence/verify',
    summary: 'Re-walk every custody chain of the case and name any altered or removed entry',
    tag: 'cases',
    access: 'case:read',
    params: IdParams,
    response: z.object({ ok: z.boolean(), items: z.array(CustodyVerification) }),
    errors: [404],
    async handler({ actor, params, services }) {
      return verifyCaseCustody(services, actor, params.id);
    },
  }),
];

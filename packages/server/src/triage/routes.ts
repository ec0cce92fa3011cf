import {
  IdParams,
  PageQuery,
  PriorityOverrideInput,
  PriorityView,
  ReferralPage,
  TriageConfig,
  TriageConfigVersions,
  TriageConfigView,
} from '@sinag/core';
import { z } from 'zod';
import { auditActor } from '../audit/log.ts';
import { defineRoute } from '../http/route.ts';
import { currentTriageConfigView, saveTriageConfig, triageConfigVersions } from './configs.ts';
import { listBreaches, setPriorityOverride } from './service.ts';

const ReferralPriority = z.object({ priority: PriorityView, dueAt: z.string().nullable() });

export const triageRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/referrals/:id/priority-override',
    summary:
      'Override a referral’s band with a written reason (audited); the override is the band that counts',
    tag: 'triage',
    access: 'referral:triage',
    params: IdParams,
    body: PriorityOverrideInput,
    response: ReferralPriority,
    errors: [404],
    async handler({ actor, params, body, services }) {
      return setPriorityOverride(services, actor, params.id, body);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/referrals/:id/priority-override',
    summary: 'Clear an override: the scored band counts again (audited)',
    tag: 'triage',
    access: 'referral:triage',
    params: IdParams,
    response: ReferralPriority,
    errors: [404],
    async handler({ actor, params, services }) {
      return setPriorityOverride(services, actor, params.id, null);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/triage/config',
    summary: 'The factor table, band thresholds and response targets in force',
    tag: 'triage',
    access: 'referral:read',
    response: TriageConfigView,
    async handler({ services }) {
      return currentTriageConfigView(services.db);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/triage/config',
    summary:
      'Save a new version of the triage configuration; every referral not closed is scored again with it',
    tag: 'triage',
    access: 'triage:configure',
    body: TriageConfig,
    response: TriageConfigView,
    async handler({ actor, body, services }) {
      return saveTriageConfig(services.db, auditActor(actor), body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/triage/config/versions',
    summary: 'Every version of the triage configuration, newest first',
    tag: 'triage',
    access: 'referral:read',
    response: TriageConfigVersions,
    async handler({ services }) {
      return { items: await triageConfigVersions(services.db) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/triage/breaches',
    summary: 'Referrals still waiting past their band’s response target, longest overdue first',
    tag: 'triage',
    access: 'triage:supervise',
    query: z.object(PageQuery).strict(),
    response: ReferralPage,
    async handler({ actor, query, services }) {
      return listBreaches(services, actor, query);
    },
  }),
];

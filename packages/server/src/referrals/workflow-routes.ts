import {
  Assignees,
  BulkResult,
  IdParams,
  ReferralAssignment,
  ReferralClosure,
  ReferralHistory,
} from '@sinag/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import {
  assignReferrals,
  closeReferral,
  listAssignees,
  referralHistory,
  reopenReferral,
} from './workflow.ts';

const Done = z.object({ ok: z.literal(true) });

/** Working the queue: assignment, closing with a reason, reopening, and a referral's history. */
export const referralWorkflowRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/referrals/assignees',
    summary: 'Colleagues a referral can be assigned to',
    tag: 'referrals',
    access: 'referral:read',
    response: Assignees,
    async handler({ actor, services }) {
      return listAssignees(services, actor);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/referrals/assign',
    summary: 'Assign one or more referrals (up to 500) to a colleague, or unassign them with assigneeId null',
    tag: 'referrals',
    access: 'referral:triage',
    body: ReferralAssignment,
    response: BulkResult,
    async handler({ actor, body, services }) {
      return assignReferrals(services, actor, body.referralIds, body.assigneeId);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/referrals/:id/close',
    summary:
      'Close a referral without a case, with a reason (informational, not actionable, duplicate, outside jurisdiction)',
    tag: 'referrals',
    access: 'referral:triage',
    params: IdParams,
    body: ReferralClosure,
    response: Done,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      await closeReferral(services, actor, params.id, body);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/referrals/:id/reopen',
    summary: 'Reopen a closed referral',
    tag: 'referrals',
    access: 'referral:triage',
    params: IdParams,
    response: Done,
    errors: [404, 409],
    async handler({ actor, params, services }) {
      await reopenReferral(services, actor, params.id);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/referrals/:id/history',
    summary: 'What happened to a referral, oldest first (every audited change; reads are in the audit log)',
    tag: 'referrals',
    access: 'referral:read',
    params: IdParams,
    response: ReferralHistory,
    errors: [404],
    async handler({ actor, params, services }) {
      return referralHistory(services, actor, params.id);
    },
  }),
];

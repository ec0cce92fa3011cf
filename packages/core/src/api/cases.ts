import { z } from 'zod';
import { CASE_STATUSES, Classification } from '../cases/schema.ts';
import { CASE_TEMPLATE_IDS } from '../cases/templates.ts';
import { CaseListFilters, CaseTeamMember, PersonRef } from './case-workflow.ts';
import { PageQuery, pageOf } from './common.ts';
import { ReferralSummary } from './referrals.ts';

export const CaseListQuery = z
  .object({
    ...PageQuery,
    // "open" is every stage but closed.
    status: z.enum([...CASE_STATUSES, 'open']).optional(),
    ...CaseListFilters,
  })
  .strict();

export const CaseSummary = z.object({
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  status: z.enum(CASE_STATUSES),
  referralCount: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  template: z.enum(CASE_TEMPLATE_IDS),
  classification: Classification,
  lead: PersonRef.nullable(),
  updatedAt: z.string(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;
export const CasePage = pageOf(CaseSummary);
export type CasePage = z.infer<typeof CasePage>;

export const CaseDetail = CaseSummary.extend({
  referrals: z.array(ReferralSummary),
  team: z.array(CaseTeamMember),
  closedReason: z.string().nullable(),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

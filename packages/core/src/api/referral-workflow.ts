import { z } from 'zod';
import { CloseReason } from '../referrals/workflow.ts';
import { Uuid } from './common.ts';

/** At most this many referrals in one bulk action (a queue page holds up to 500). */
export const MAX_BULK_REFERRALS = 500;

const ReferralIds = z
  .array(Uuid)
  .min(1, 'must name at least one referral')
  .max(MAX_BULK_REFERRALS, `must name at most ${MAX_BULK_REFERRALS} referrals`);

export const ReferralAssignment = z
  .object({
    referralIds: ReferralIds,
    /** A user of the caller's organisation who can work referrals; null takes the assignment away. */
    assigneeId: Uuid.nullable(),
  })
  .strict();
export type ReferralAssignment = z.infer<typeof ReferralAssignment>;

export const ReferralClosure = z
  .object({
    reason: CloseReason,
    note: z.string().trim().max(2000, 'must be at most 2,000 characters').optional(),
  })
  .strict();
export type ReferralClosure = z.infer<typeof ReferralClosure>;

export const CaseReferralsInput = z.object({ referralIds: ReferralIds }).strict();
export type CaseReferralsInput = z.infer<typeof CaseReferralsInput>;

export const UserRef = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export type UserRef = z.infer<typeof UserRef>;

export const Assignees = z.object({ items: z.array(UserRef) });

export const BulkResult = z.object({ updated: z.number().int() });

export const ReferralHistory = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type ReferralHistory = z.infer<typeof ReferralHistory>;

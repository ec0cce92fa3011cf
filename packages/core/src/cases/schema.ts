import { z } from 'zod';
import { CaseTemplateId } from './templates.ts';

/** A case's stages, in the order the IJM model moves through them; `closed` can be reopened. */
export const CASE_STATUSES = [
  'intake',
  'investigation',
  'operation',
  'prosecution',
  'aftercare',
  'closed',
] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Traffic Light Protocol 2.0: who beyond the case team may see a case's contents. */
export const CLASSIFICATIONS = ['RED', 'AMBER', 'GREEN', 'CLEAR'] as const;
export const Classification = z.enum(CLASSIFICATIONS);
export type Classification = z.infer<typeof Classification>;

/** How strict a classification is: a share's ceiling lets through what is at or below it. */
export const CLASSIFICATION_RANK: Record<Classification, number> = { CLEAR: 0, GREEN: 1, AMBER: 2, RED: 3 };

export const CaseInput = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .optional(),
    referralIds: z
      .array(z.uuid({ message: 'must be a referral id (UUID)' }))
      .min(1, 'a case needs at least one referral')
      .max(500, 'at most 500 referrals at once'),
    // Which stages the case goes through and the tasks it starts with (livestream-for-pay when not given).
    template: CaseTemplateId.optional(),
  })
  .strict();
export type CaseInput = z.input<typeof CaseInput>;

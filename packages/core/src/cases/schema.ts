import { z } from 'zod';

export const CASE_STATUSES = [
  'open',
  'investigation',
  'legal-process',
  'operation',
  'prosecution',
  'closed',
] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

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
  })
  .strict();
export type CaseInput = z.input<typeof CaseInput>;

import { z } from 'zod';

/** Why a referral was closed without a case (the reasons the queue offers). */
export const CLOSE_REASONS = [
  'informational',
  'not-actionable',
  'duplicate',
  'outside-jurisdiction',
] as const;
export const CloseReason = z.enum(CLOSE_REASONS);
export type CloseReason = z.infer<typeof CloseReason>;

export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
  informational: 'Informational',
  'not-actionable': 'Not actionable',
  duplicate: 'Duplicate',
  'outside-jurisdiction': 'Outside jurisdiction',
};

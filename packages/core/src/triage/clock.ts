import type { ReferralStatus } from '../referrals/schema.ts';

/** Where a referral stands against its band's response target. */
export type ClockState = 'none' | 'running' | 'nearly-due' | 'breached';

/** Statuses whose response clock still runs: a referral that became a case, or was closed, has been acted on. */
export const RESPONSE_CLOCK_RUNNING: readonly ReferralStatus[] = ['new', 'in-review'];

/** The share of the target left under which the clock shows amber. */
export const NEARLY_DUE_SHARE = 0.25;

/**
 * The clock's state at `now`: no target (P4), running, nearly due (under a quarter of the target left),
 * or breached (past due). The target is the time from receipt to due.
 */
export function clockState(receivedAt: Date, dueAt: Date | null, now: Date): ClockState {
  if (!dueAt) return 'none';
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return 'breached';
  const target = dueAt.getTime() - receivedAt.getTime();
  return left < target * NEARLY_DUE_SHARE ? 'nearly-due' : 'running';
}

import { clockState, RESPONSE_CLOCK_RUNNING, type ReferralStatus } from '@sinag/core';
import { durationText } from '../format.ts';
import { useNow } from '../useNow.ts';

/**
 * The response clock: time left before the band's target, amber under a quarter left, red once breached. It
 * counts down while the page stays open, and stops once the referral is acted on (a case, or closed).
 */
export function TimeLeft({
  receivedAt,
  dueAt,
  status,
}: {
  receivedAt: string;
  dueAt: string | null;
  status: ReferralStatus;
}) {
  const now = useNow();
  if (!RESPONSE_CLOCK_RUNNING.includes(status))
    return (
      <span className="muted" data-clock="stopped" title="Acted on: the response clock no longer runs">
        Clock stopped
      </span>
    );
  if (!dueAt) return <span className="muted">No target</span>;
  const due = new Date(dueAt);
  const state = clockState(new Date(receivedAt), due, now);
  const left = due.getTime() - now.getTime();
  return (
    <span className={`clock clock-${state}`} title={`Due ${due.toLocaleString()}`} data-clock={state}>
      {state === 'breached' ? `${durationText(left)} overdue` : `${durationText(left)} left`}
    </span>
  );
}

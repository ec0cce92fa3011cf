import { clockState } from '@sinag/core';
import { durationText } from '../format.ts';
import { useNow } from '../useNow.ts';

/**
 * The response clock: time left before the band's target, amber under a quarter left, red once breached. It
 * counts down while the page stays open.
 */
export function TimeLeft({ receivedAt, dueAt }: { receivedAt: string; dueAt: string | null }) {
  const now = useNow();
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

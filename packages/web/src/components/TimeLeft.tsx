import { clockState } from '@sinag/core';
import { durationText } from '../format.ts';

/** The response clock: time left before the band's target, amber under a quarter left, red once breached. */
export function TimeLeft({
  receivedAt,
  dueAt,
  now = new Date(),
}: {
  receivedAt: string;
  dueAt: string | null;
  now?: Date;
}) {
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

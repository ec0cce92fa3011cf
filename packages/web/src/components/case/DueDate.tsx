import { deadlineState } from '@sinag/core';
import { DateTime } from '../DateTime.tsx';
import { useNow } from '../../useNow.ts';

/** A due time, marked overdue once passed and due soon within a week (what the deadlines list shows). */
export function DueDate({ value, done = false }: { value: string | null; done?: boolean }) {
  const now = useNow();
  if (!value) return <span className="muted">No due date</span>;
  const state = done ? 'later' : deadlineState(new Date(value), now, 7);
  return (
    <span className={`due due-${state}`} data-due={state}>
      <DateTime value={value} />
      {state === 'overdue' && ' · overdue'}
    </span>
  );
}

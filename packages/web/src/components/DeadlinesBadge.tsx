import type { Deadlines } from '@sinag/core';
import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { useResource } from '../useResource.ts';

/** How often the top bar asks again: reminders keep up with a page left open. */
const EVERY_MS = 5 * 60_000;

/** The count of my overdue and due-this-week items beside "Deadlines" in the top bar. */
export function DeadlinesBadge() {
  const { data, refresh } = useResource<Deadlines>('/deadlines?within=7');
  // Asked again on every page the user goes to, and every few minutes on a page left open.
  const { pathname } = useLocation();
  const seen = useRef(pathname);
  useEffect(() => {
    if (seen.current !== pathname) {
      seen.current = pathname;
      refresh();
    }
    const timer = setInterval(refresh, EVERY_MS);
    return () => clearInterval(timer);
  });
  if (!data || data.items.length === 0) return null;
  const label = `${data.overdue} overdue, ${data.dueSoon} due this week`;
  return (
    <span
      className={data.overdue ? 'nav-count nav-count-overdue' : 'nav-count'}
      title={label}
      aria-label={label}
      data-testid="deadlines-badge"
    >
      {data.truncated ? `${data.items.length}+` : data.items.length}
    </span>
  );
}

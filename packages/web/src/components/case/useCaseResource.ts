import type { CaseDetail } from '@sinag/core';
import { useEffect, useRef } from 'react';
import { useResource } from '../../useResource.ts';

/**
 * A case section's data, fetched again (quietly) whenever `version` moves: any change on the case page bumps
 * it, so the timeline and the deadlines shown stay in step with the change just made.
 */
export function useCaseResource<T>(path: string, version: number) {
  const resource = useResource<T>(path);
  const seen = useRef(version);
  const { refresh } = resource;
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    refresh();
  });
  return resource;
}

/** A local date and time from a datetime-local control, as an ISO instant; undefined when empty. */
export function instant(local: string): string | undefined {
  return local ? new Date(local).toISOString() : undefined;
}

/** What each section of the case page gets: the case, the page's change count, and how to report a change. */
export interface CaseSectionProps {
  detail: CaseDetail;
  version: number;
  onChanged: () => void;
}

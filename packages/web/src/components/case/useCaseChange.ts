import { useEffect } from 'react';
import { useAction } from '../../useAction.ts';

/** Sections of a case page show each other's records (a victim's relations, a subject's flag). */
const PEOPLE_CHANGED = 'sinag:case-people-changed';

/** A change to a case section: runs it, then reloads the sections (an error is kept to show). */
export function useCaseChange(onChanged: () => void) {
  const action = useAction();
  async function change(send: () => Promise<unknown>): Promise<boolean> {
    const ok = await action.run(send);
    if (ok) {
      onChanged();
      window.dispatchEvent(new Event(PEOPLE_CHANGED));
    }
    return ok;
  }
  return { ...action, change };
}

/** Refreshes a section when another section of the case page changed something. */
export function useRefreshOnCaseChange(refresh: () => void) {
  useEffect(() => {
    window.addEventListener(PEOPLE_CHANGED, refresh);
    return () => window.removeEventListener(PEOPLE_CHANGED, refresh);
  }, [refresh]);
}

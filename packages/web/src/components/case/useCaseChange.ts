import { useAction } from '../../useAction.ts';

/** A change to a case section: runs it, then reloads the section (an error is kept to show). */
export function useCaseChange(onChanged: () => void) {
  const action = useAction();
  async function change(send: () => Promise<unknown>): Promise<boolean> {
    const ok = await action.run(send);
    if (ok) onChanged();
    return ok;
  }
  return { ...action, change };
}

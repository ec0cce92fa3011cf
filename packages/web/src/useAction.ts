import { useState } from 'react';
import { ApiError, errorMessage } from './api.ts';

export interface ActionError {
  /** The field the server named, to mark its control invalid. */
  field?: string;
  message: string;
}

/** A change sent to the server from a form or a button: whether it is under way, and why it failed. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ActionError>();
  /** Runs `action`; resolves true if it succeeded, false if it failed (the error is kept to show). */
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (e) {
      setError({ field: e instanceof ApiError ? e.field : undefined, message: errorMessage(e) });
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

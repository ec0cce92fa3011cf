import type { ActionError as Failure } from '../../useAction.ts';

export function ActionError({ error }: { error?: Failure }) {
  if (!error) return null;
  return (
    <p className="field-error" role="alert">
      {error.message}
    </p>
  );
}

import type { ProsecutionView } from '@sinag/core';
import type { ActionError } from '../../useAction.ts';
import { Input, type Values } from './CaseForm.tsx';

/** Chooses one of the case's subjects as the accused a charge or a plea agreement names (field `subjectId`). */
export function AccusedSelect({
  subjects,
  ...field
}: {
  subjects: ProsecutionView['subjects'];
  values: Values;
  onChange: (values: Values) => void;
  error?: ActionError;
}) {
  return (
    <Input name="subjectId" label="Accused" {...field} required>
      <option value="">Choose…</option>
      {subjects.map((s) => (
        <option key={s.id} value={s.id}>
          {s.label}
        </option>
      ))}
    </Input>
  );
}

import type { ProsecutionView } from '@sinag/core';
import type { ReactNode } from 'react';
import { api } from '../../api.ts';
import { CaseForm, Input } from './CaseForm.tsx';
import { useProsecutionForm } from './prosecutionForm.ts';

/** A one-field form that records what became of one prosecution record (a hearing's outcome, a plea's decision). */
export function ProsecutionUpdate({
  path,
  label,
  submit,
  name,
  fieldLabel,
  testId,
  onDone,
  children,
}: {
  /** The record's route below the case, e.g. `/cases/…/prosecution/hearings/…`. */
  path: string;
  label: string;
  submit: string;
  name: string;
  fieldLabel: string;
  testId?: string;
  onDone: (v: ProsecutionView) => void;
  /** Options: the field becomes a select. */
  children?: ReactNode;
}) {
  const form = useProsecutionForm(onDone);
  return (
    <CaseForm
      label={label}
      submit={submit}
      busy={form.busy}
      error={form.error}
      testId={testId}
      onSubmit={() => void form.send(() => api.patch(path, form.values))}
    >
      <Input
        name={name}
        label={fieldLabel}
        values={form.values}
        onChange={form.setValues}
        error={form.error}
        required
      >
        {children}
      </Input>
    </CaseForm>
  );
}

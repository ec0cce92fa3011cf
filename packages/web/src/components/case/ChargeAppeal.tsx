import { APPEAL_STATUSES } from '@sinag/core';
import { api } from '../../api.ts';
import { CaseForm, Input } from './CaseForm.tsx';
import { statuteName, useProsecutionForm, type ChargeProps } from './prosecutionForm.ts';

/** Records (or updates) the appeal against a charge's verdict. */
export function ChargeAppeal({ caseId, charge, onDone }: ChargeProps) {
  const form = useProsecutionForm(onDone);
  const field = { values: form.values, onChange: form.setValues, error: form.error };
  const { status, filedOn, outcome } = form.values;
  return (
    <CaseForm
      label={`Appeal on ${statuteName(charge.statute)} against ${charge.subject.label}`}
      submit="Record appeal"
      busy={form.busy}
      error={form.error}
      testId="charge-appeal"
      onSubmit={() =>
        void form.send(() =>
          api.patch(`/cases/${caseId}/prosecution/charges/${charge.id}`, {
            appeal: { status, filedOn, ...(outcome?.trim() ? { outcome } : {}) },
          }),
        )
      }
    >
      <Input name="status" label="Appeal status" {...field} required>
        <option value="">Choose…</option>
        {APPEAL_STATUSES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </Input>
      <Input name="filedOn" label="Appeal filed on" type="date" {...field} required />
      <Input name="outcome" label="Appeal outcome" {...field} />
    </CaseForm>
  );
}

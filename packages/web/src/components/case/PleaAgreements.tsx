import { PLEA_DECISIONS } from '@sinag/core';
import { api } from '../../api.ts';
import { AccusedSelect } from './AccusedSelect.tsx';
import { CaseForm, Input } from './CaseForm.tsx';
import { useProsecutionForm, type PartProps } from './prosecutionForm.ts';
import { ProsecutionUpdate } from './ProsecutionUpdate.tsx';

/** Plea agreements offered to the accused, the decision on each pending one, and a form to record one. */
export function PleaAgreements({ caseId, view, canWork, onDone }: PartProps) {
  const form = useProsecutionForm(onDone);
  const field = { values: form.values, onChange: form.setValues, error: form.error };
  return (
    <>
      <h3>Plea agreements</h3>
      {view.pleas.length === 0 ? (
        <p className="muted">No plea agreements yet.</p>
      ) : (
        <ul className="plain-list" data-testid="plea-list">
          {view.pleas.map((p) => (
            <li key={p.id}>
              {p.offeredOn} — {p.subject.label} ({p.status}): {p.summary}
              {canWork && p.status === 'proposed' && (
                <ProsecutionUpdate
                  path={`/cases/${caseId}/prosecution/pleas/${p.id}`}
                  label={`Decision on the plea agreement for ${p.subject.label}`}
                  submit="Record decision"
                  name="status"
                  fieldLabel="Decision"
                  testId="plea-decision"
                  onDone={onDone}
                >
                  <option value="">Choose…</option>
                  {PLEA_DECISIONS.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </ProsecutionUpdate>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWork && view.subjects.length > 0 && (
        <details>
          <summary>Record a plea agreement</summary>
          <CaseForm
            label="Record a plea agreement"
            submit="Record plea agreement"
            busy={form.busy}
            error={form.error}
            testId="add-plea"
            onSubmit={() => void form.send(() => api.post(`/cases/${caseId}/prosecution/pleas`, form.values))}
          >
            <AccusedSelect subjects={view.subjects} {...field} />
            <Input name="offeredOn" label="Offered on" type="date" {...field} required />
            <Input name="summary" label="Terms (summary)" {...field} required />
          </CaseForm>
        </details>
      )}
    </>
  );
}

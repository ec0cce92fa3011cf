import { HEARING_KINDS, VERDICTS, type ProsecutionView, type StatuteList } from '@sinag/core';
import { useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useResource } from '../../useResource.ts';
import { DateTime } from '../DateTime.tsx';
import { Fields } from '../Fields.tsx';
import { Section } from '../Section.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { AccusedSelect } from './AccusedSelect.tsx';
import { useRefreshOnCaseChange } from './useCaseChange.ts';
import { CaseForm, filled, Input, isoFromLocal } from './CaseForm.tsx';
import { ChargeAppeal } from './ChargeAppeal.tsx';
import { PleaAgreements } from './PleaAgreements.tsx';
import { statuteName, useProsecutionForm, type ChargeProps, type PartProps } from './prosecutionForm.ts';
import { ProsecutionUpdate } from './ProsecutionUpdate.tsx';

function Outcome({ caseId, charge, onDone }: ChargeProps) {
  const form = useProsecutionForm(onDone);
  const field = { values: form.values, onChange: form.setValues, error: form.error };
  return (
    <CaseForm
      label={`Verdict on ${statuteName(charge.statute)} against ${charge.subject.label}`}
      submit="Record outcome"
      busy={form.busy}
      error={form.error}
      onSubmit={() =>
        void form.send(() =>
          api.patch(`/cases/${caseId}/prosecution/charges/${charge.id}`, filled(form.values)),
        )
      }
    >
      <Input name="verdict" label="Verdict" {...field}>
        <option value="">—</option>
        {VERDICTS.map((v) => (
          <option key={v}>{v}</option>
        ))}
      </Input>
      <Input name="verdictOn" label="Verdict date" type="date" {...field} />
      <Input name="sentence" label="Sentence" {...field} />
    </CaseForm>
  );
}

function Charges({ caseId, view, canWork, onDone }: PartProps) {
  const statutes = useResource<StatuteList>('/statutes');
  const form = useProsecutionForm(onDone);
  const field = { values: form.values, onChange: form.setValues, error: form.error };
  return (
    <>
      <h3>Charges per accused</h3>
      {view.charges.length === 0 ? (
        <p className="muted">No charges yet.</p>
      ) : (
        <TableScroll label="Charges">
          <table className="data-table" data-testid="charges-table">
            <thead>
              <tr>
                <th scope="col">Accused</th>
                <th scope="col">Offence</th>
                <th scope="col">Counts</th>
                <th scope="col">Verdict</th>
                <th scope="col">Sentence</th>
                <th scope="col">Appeal</th>
              </tr>
            </thead>
            <tbody>
              {view.charges.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.subject.label}</th>
                  <td className="wrap">
                    {statuteName(c.statute)} — {c.statute.title}
                  </td>
                  <td className="numeric">{c.counts}</td>
                  <td>{c.verdict ? `${c.verdict}${c.verdictOn ? ` (${c.verdictOn})` : ''}` : 'pending'}</td>
                  <td className="wrap">{c.sentence ?? '—'}</td>
                  <td>{c.appeal ? `${c.appeal.status} ${c.appeal.filedOn}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {canWork &&
        view.charges.map((c) => (
          <details key={c.id}>
            <summary>
              Outcome of {statuteName(c.statute)} against {c.subject.label}
            </summary>
            <Outcome caseId={caseId} charge={c} onDone={onDone} />
            {c.verdict && <ChargeAppeal caseId={caseId} charge={c} onDone={onDone} />}
          </details>
        ))}
      {canWork &&
        (view.subjects.length === 0 ? (
          <p className="muted">Add the accused as subjects of the case to charge them.</p>
        ) : (
          <CaseForm
            label="Add a charge"
            submit="Add charge"
            busy={form.busy}
            error={form.error}
            onSubmit={() =>
              void form.send(() =>
                api.post(`/cases/${caseId}/prosecution/charges`, {
                  subjectId: form.values.subjectId,
                  statuteId: form.values.statuteId,
                  counts: Number(form.values.counts || 1),
                }),
              )
            }
          >
            <AccusedSelect subjects={view.subjects} {...field} />
            <Input name="statuteId" label="Offence" {...field} required>
              <option value="">Choose…</option>
              {statutes.data?.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.jurisdiction} {s.code} {s.section} — {s.title}
                </option>
              ))}
            </Input>
            <Input name="counts" label="Counts" type="number" {...field} />
          </CaseForm>
        ))}
    </>
  );
}

function Hearings({ caseId, view, canWork, onDone }: PartProps) {
  const form = useProsecutionForm(onDone);
  const field = { values: form.values, onChange: form.setValues, error: form.error };
  return (
    <>
      <h3>Hearings</h3>
      {view.hearings.length === 0 ? (
        <p className="muted">No hearings yet.</p>
      ) : (
        <ul className="plain-list">
          {view.hearings.map((h) => (
            <li key={h.id}>
              <DateTime value={h.at} /> — {h.kind}
              {h.outcome ? `: ${h.outcome}` : ''}
              {canWork && !h.outcome && (
                <ProsecutionUpdate
                  path={`/cases/${caseId}/prosecution/hearings/${h.id}`}
                  label="Outcome of the hearing"
                  submit="Record outcome"
                  name="outcome"
                  fieldLabel="Outcome"
                  onDone={onDone}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canWork && (
        <details>
          <summary>Add a hearing</summary>
          <CaseForm
            label="Add a hearing"
            submit="Add hearing"
            busy={form.busy}
            error={form.error}
            onSubmit={() =>
              void form.send(() =>
                api.post(`/cases/${caseId}/prosecution/hearings`, {
                  ...filled(form.values),
                  at: isoFromLocal(form.values.at ?? ''),
                }),
              )
            }
          >
            <Input name="at" label="When" type="datetime-local" {...field} required />
            <Input name="kind" label="Kind" {...field} required>
              <option value="">Choose…</option>
              {HEARING_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </Input>
            <Input name="outcome" label="Outcome" {...field} />
          </CaseForm>
        </details>
      )}
    </>
  );
}

/** Court, charges per accused with verdicts, hearings, plea agreements and recorded interviews. */
export function ProsecutionSection({ caseId }: { caseId: string }) {
  const { can } = useSession();
  const { data, error, refresh } = useResource<ProsecutionView>(`/cases/${caseId}/prosecution`);
  const [latest, setLatest] = useState<ProsecutionView>();
  const view = latest ?? data;
  const canWork = can('case:prosecute');
  const onDone = (v: ProsecutionView) => {
    setLatest(v);
    refresh();
  };
  // A subject added in the Subjects section is an accused to choose here at once.
  useRefreshOnCaseChange(() => {
    setLatest(undefined);
    refresh();
  });
  const court = useProsecutionForm(onDone);
  if (error)
    return (
      <Section title="Prosecution">
        <p className="form-error">{error.message}</p>
      </Section>
    );
  if (!view) return null;
  return (
    <Section title="Prosecution" className="wide">
      <Fields
        fields={[
          ['Court', view.court],
          ['Court case number', view.courtCaseNumber],
          [
            'Disclosure interviews recorded',
            view.disclosureInterviews.length
              ? view.disclosureInterviews
                  .map(
                    (i) => `${i.victimPseudonym} (${i.recordedOn}, ${i.recordedBy}) — reuse, do not repeat`,
                  )
                  .join('; ')
              : null,
          ],
        ]}
      />
      {canWork && (
        <details>
          <summary>Set the court</summary>
          <CaseForm
            label="Set the court"
            submit="Save court"
            busy={court.busy}
            error={court.error}
            onSubmit={() =>
              void court.send(() => api.put(`/cases/${caseId}/prosecution/court`, court.values))
            }
          >
            <Input
              name="court"
              label="Court"
              values={court.values}
              onChange={court.setValues}
              error={court.error}
              required
            />
            <Input
              name="courtCaseNumber"
              label="Court case number"
              values={court.values}
              onChange={court.setValues}
              error={court.error}
              required
            />
          </CaseForm>
        </details>
      )}
      <Charges caseId={caseId} view={view} canWork={canWork} onDone={onDone} />
      <Hearings caseId={caseId} view={view} canWork={canWork} onDone={onDone} />
      <PleaAgreements caseId={caseId} view={view} canWork={canWork} onDone={onDone} />
    </Section>
  );
}

import {
  IDENTIFIER_KINDS,
  type CaseIdentifierList,
  type IdentifierKind,
  type RiskQuestionnaireView,
  type SubjectList,
  type SubjectView,
} from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useResource } from '../../useResource.ts';
import { TableScroll } from '../TableScroll.tsx';
import { ActionError } from './ActionError.tsx';
import { CaseSection } from './CaseSection.tsx';
import { useCaseChange } from './useCaseChange.ts';

const RISK_LABELS: Record<string, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  'very-high': 'Very high',
};

function SubjectTable({ subjects }: { subjects: SubjectView[] }) {
  if (!subjects.length) return <p className="muted">No subjects yet.</p>;
  return (
    <TableScroll label="Subjects">
      <table className="data-table" data-testid="case-subjects">
        <caption className="visually-hidden">Subjects of this case</caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Identifiers</th>
            <th scope="col">Risk</th>
            <th scope="col">Relations</th>
            <th scope="col">Arrest</th>
          </tr>
        </thead>
        <tbody>
          {subjects.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                {s.label}
                {s.guardianConflict && <span className="badge badge-warn"> Guardian of a victim</span>}
              </th>
              <td className="wrap">
                {s.identifiers.map((i) => (
                  <div key={`${i.kind} ${i.value}`}>
                    {i.kind}: {i.value}
                    {i.referralReference && <span className="muted"> ({i.referralReference})</span>}
                  </div>
                ))}
              </td>
              <td>{s.riskLevel ? RISK_LABELS[s.riskLevel] : <span className="muted">not assessed</span>}</td>
              <td className="wrap">
                {s.relations.map((r) => `${r.relationship} of ${r.pseudonym}`).join(', ') || '—'}
              </td>
              <td>
                {s.arrest
                  ? `${s.arrest.arrestedOn}, ${s.arrest.city ?? s.arrest.region}, ${s.arrest.agency}`
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function AddSubject({ caseId, onChanged }: { caseId: string; onChanged: () => void }) {
  const ids = { label: useId(), kind: useId(), value: useId() };
  const { data: known } = useResource<CaseIdentifierList>(`/cases/${caseId}/identifiers`);
  const [label, setLabel] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [kind, setKind] = useState<IdentifierKind>('email');
  const [value, setValue] = useState('');
  const { busy, error, change } = useCaseChange(onChanged);
  const items = known?.items ?? [];
  const key = (i: (typeof items)[number]) => `${i.referralId} ${i.kind} ${i.value}`;
  return (
    <form
      className="stack"
      data-testid="add-subject"
      onSubmit={async (event) => {
        event.preventDefault();
        const identifiers = [
          ...items
            .filter((i) => picked.includes(key(i)))
            .map((i) => ({ kind: i.kind, value: i.value, referralId: i.referralId })),
          ...(value.trim() ? [{ kind, value }] : []),
        ];
        if (await change(() => api.post(`/cases/${caseId}/subjects`, { label, identifiers }))) {
          setLabel('');
          setPicked([]);
          setValue('');
        }
      }}
    >
      <h3>Add a subject</h3>
      <div className="field">
        <label htmlFor={ids.label}>Name or alias</label>
        <input
          id={ids.label}
          value={label}
          required
          maxLength={200}
          onChange={(e) => setLabel(e.target.value)}
        />
      </div>
      {items.length > 0 && (
        <fieldset>
          <legend>Identifiers from the case’s referrals</legend>
          {items.map((i) => (
            <label key={key(i)} className="check">
              <input
                type="checkbox"
                checked={picked.includes(key(i))}
                onChange={(e) =>
                  setPicked((p) => (e.target.checked ? [...p, key(i)] : p.filter((k) => k !== key(i))))
                }
              />{' '}
              {i.kind}: {i.value} <span className="muted">({i.referralReference})</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={ids.kind}>New identifier</label>
        <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as IdentifierKind)}>
          {IDENTIFIER_KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <input
          id={ids.value}
          aria-label="Identifier value"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </div>
      <ActionError error={error} />
      <button type="submit" className="button" disabled={busy || !label.trim()}>
        Add subject
      </button>
    </form>
  );
}

/** The risk questions by section; every one must be answered, and the server scores them. */
function RiskAssessmentForm({
  caseId,
  subjects,
  onChanged,
}: {
  caseId: string;
  subjects: SubjectView[];
  onChanged: () => void;
}) {
  const subjectId = useId();
  const { data: questionnaire } = useResource<RiskQuestionnaireView>('/risk-questionnaire');
  const [subject, setSubject] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [result, setResult] = useState<string>();
  const { busy, error, change } = useCaseChange(onChanged);
  if (!questionnaire || !subjects.length) return null;
  return (
    <form
      className="stack"
      data-testid="risk-assessment"
      onSubmit={async (event) => {
        event.preventDefault();
        let level = '';
        const ok = await change(async () => {
          const saved = await api.post<{ level: string; version: number }>(
            `/cases/${caseId}/subjects/${subject}/risk-assessments`,
            { answers },
          );
          level = `Assessment ${saved.version}: ${RISK_LABELS[saved.level]}`;
        });
        if (ok) setResult(level);
      }}
    >
      <h3>Risk assessment</h3>
      <div className="field">
        <label htmlFor={subjectId}>Subject</label>
        <select id={subjectId} value={subject} required onChange={(e) => setSubject(e.target.value)}>
          <option value="">Choose a subject…</option>
          {subjects.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      {questionnaire.sections.map((section) => (
        <fieldset key={section}>
          <legend>{section.replace(/-/g, ' ')}</legend>
          {questionnaire.questions
            .filter((q) => q.section === section)
            .map((q) => (
              <div className="field" key={q.id}>
                <label htmlFor={`risk-${q.id}`}>{q.text}</label>
                <select
                  id={`risk-${q.id}`}
                  required
                  value={answers[q.id] ?? ''}
                  onChange={(e) => setAnswers((a) => ({ ...a, [q.id]: e.target.value }))}
                >
                  <option value="">Answer…</option>
                  <option value="yes">Yes</option>
                  <option value="no">No</option>
                  <option value="unknown">Unknown</option>
                </select>
              </div>
            ))}
        </fieldset>
      ))}
      <ActionError error={error} />
      {result && <p role="status">{result}</p>}
      <button type="submit" className="button" disabled={busy || !subject}>
        Score and save
      </button>
    </form>
  );
}

export function CaseSubjects({ caseId }: { caseId: string }) {
  const { can } = useSession();
  return (
    <CaseSection<SubjectList> title="Subjects" path={`/cases/${caseId}/subjects`}>
      {(data, refresh) => (
        <>
          <SubjectTable subjects={data.items} />
          {can('case:manage') && (
            <div className="work-grid">
              <AddSubject caseId={caseId} onChanged={refresh} />
              <RiskAssessmentForm caseId={caseId} subjects={data.items} onChanged={refresh} />
            </div>
          )}
        </>
      )}
    </CaseSection>
  );
}

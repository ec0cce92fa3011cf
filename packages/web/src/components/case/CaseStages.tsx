import { CASE_TEMPLATES, nextStage, type CaseDetail, type CaseStage } from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useAction } from '../../useAction.ts';
import { Section } from '../Section.tsx';

const STAGE_LABELS: Record<CaseStage, string> = {
  intake: 'Intake',
  investigation: 'Investigation',
  operation: 'Operation',
  prosecution: 'Prosecution',
  aftercare: 'Aftercare',
};

/** A reason and a button: going back, closing and reopening each need one. */
function ReasonForm({
  label,
  button,
  busy,
  testId,
  onSubmit,
  children,
}: {
  label: string;
  button: string;
  busy: boolean;
  testId: string;
  onSubmit: (reason: string) => void;
  children?: React.ReactNode;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  return (
    <form
      className="inline-form"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(reason.trim());
      }}
    >
      {children}
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} value={reason} maxLength={500} required onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={busy || !reason.trim()}>
        {button}
      </button>
    </form>
  );
}

/** Where the case is in its template's stages, and the moves a case worker can make from there. */
export function CaseStages({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const { can } = useSession();
  const { busy, error, run } = useAction();
  const backId = useId();
  const stages = CASE_TEMPLATES[detail.template].stages as readonly CaseStage[];
  const closed = detail.status === 'closed';
  const at = stages.indexOf(detail.status as CaseStage);
  const next = nextStage(detail.template, detail.status);
  const earlier = stages.slice(0, Math.max(at, 0));
  const [back, setBack] = useState('');
  const send = async (path: string, body: unknown) => {
    if (await run(() => api.post(`/cases/${detail.id}/${path}`, body))) onChanged();
  };

  return (
    <Section title={`Stage · ${CASE_TEMPLATES[detail.template].label}`} className="wide">
      <ol className="stepper" data-testid="case-stages">
        {stages.map((stage, i) => (
          <li
            key={stage}
            className={i < at || closed ? 'done' : i === at ? 'current' : undefined}
            aria-current={i === at && !closed ? 'step' : undefined}
          >
            {STAGE_LABELS[stage]}
          </li>
        ))}
        <li className={closed ? 'current' : undefined} aria-current={closed ? 'step' : undefined}>
          Closed
        </li>
      </ol>
      {closed && detail.closedReason && <p>Closed: {detail.closedReason}</p>}
      {can('case:manage') && (
        <div className="work-grid">
          {!closed && next && (
            <button
              type="button"
              className="button primary"
              disabled={busy}
              data-testid="advance-stage"
              onClick={() => void send('stage', { stage: next })}
            >
              Move to {STAGE_LABELS[next]}
            </button>
          )}
          {!closed && earlier.length > 0 && (
            <ReasonForm
              label="Why go back"
              button="Go back"
              busy={busy || !back}
              testId="stage-back"
              onSubmit={(reason) => void send('stage', { stage: back, reason })}
            >
              <div className="field">
                <label htmlFor={backId}>Back to</label>
                <select id={backId} value={back} onChange={(e) => setBack(e.target.value)}>
                  <option value="">Choose a stage…</option>
                  {earlier.map((s) => (
                    <option key={s} value={s}>
                      {STAGE_LABELS[s]}
                    </option>
                  ))}
                </select>
              </div>
            </ReasonForm>
          )}
          {closed ? (
            <ReasonForm
              label="Why reopen"
              button="Reopen case"
              busy={busy}
              testId="reopen-case"
              onSubmit={(reason) => void send('reopen', { reason })}
            />
          ) : (
            <ReasonForm
              label="Why close"
              button="Close case"
              busy={busy}
              testId="close-case"
              onSubmit={(reason) => void send('close', { reason })}
            />
          )}
        </div>
      )}
      <p role="alert" className="form-error">
        {error?.message}
      </p>
    </Section>
  );
}

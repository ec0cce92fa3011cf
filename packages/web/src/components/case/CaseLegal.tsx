import {
  LEGAL_REQUEST_KINDS,
  PRESERVATION_RULES,
  WARRANT_RULES,
  WARRANT_TYPES,
  type LegalProcess,
} from '@sinag/core';
import { useId, useState, type ReactNode } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useAction } from '../../useAction.ts';
import { DateTime } from '../DateTime.tsx';
import { ErrorNotice, Loading } from '../LoadState.tsx';
import { Section } from '../Section.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { DueDate } from './DueDate.tsx';
import { instant, useCaseResource, type CaseSectionProps } from './useCaseResource.ts';

type Run = (change: () => Promise<unknown>) => Promise<void>;
type Values = Record<string, string>;

interface Control {
  name: string;
  label: string;
  type?: 'datetime-local';
  options?: readonly (readonly [string, string])[];
  required?: boolean;
}

/**
 * A small add form: its controls from a list, values kept as strings, and a client-chosen id so a retried
 * submission is stored once.
 */
function AddForm({
  title,
  controls,
  run,
  busy,
  testId,
  submit,
}: {
  title: string;
  controls: Control[];
  run: Run;
  busy: boolean;
  testId: string;
  submit: (values: Values, id: string) => Promise<unknown>;
}) {
  const prefix = useId();
  const [values, setValues] = useState<Values>({});
  const [id, setId] = useState(() => crypto.randomUUID());
  return (
    <form
      className="inline-form"
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await submit(values, id);
          setValues({});
          setId(crypto.randomUUID());
        });
      }}
    >
      <strong className="form-title">{title}</strong>
      {controls.map((c) => (
        <div className="field" key={c.name}>
          <label htmlFor={`${prefix}-${c.name}`}>{c.label}</label>
          {c.options ? (
            <select
              id={`${prefix}-${c.name}`}
              value={values[c.name] ?? ''}
              required={c.required}
              onChange={(e) => setValues({ ...values, [c.name]: e.target.value })}
            >
              <option value="">Choose…</option>
              {c.options.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${prefix}-${c.name}`}
              type={c.type ?? 'text'}
              value={values[c.name] ?? ''}
              required={c.required}
              onChange={(e) => setValues({ ...values, [c.name]: e.target.value })}
            />
          )}
        </div>
      ))}
      <button type="submit" className="button" disabled={busy}>
        Add
      </button>
    </form>
  );
}

/** A date-time control and a button that records when something happened (served, returned, answered). */
function RecordWhen({
  label,
  onRecord,
  busy,
}: {
  label: string;
  onRecord: (at: string) => void;
  busy: boolean;
}) {
  const id = useId();
  const [at, setAt] = useState('');
  return (
    <span className="record-when">
      <label htmlFor={id} className="visually-hidden">
        {label} at
      </label>
      <input id={id} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      <button type="button" className="button" disabled={busy || !at} onClick={() => onRecord(instant(at)!)}>
        {label}
      </button>
    </span>
  );
}

function Table({ label, head, rows }: { label: string; head: string[]; rows: ReactNode[] }) {
  if (!rows.length) return <p className="muted">No {label.toLowerCase()} yet.</p>;
  return (
    <TableScroll label={label}>
      <table className="data-table" data-testid={`legal-${label.toLowerCase().split(' ')[0]}`}>
        <caption>{label}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
    </TableScroll>
  );
}

const JURISDICTIONS = Object.entries(PRESERVATION_RULES).map(([k, r]) => [k, r.label] as const);
const TYPES = WARRANT_TYPES.map((t) => [t, `${t} — ${WARRANT_RULES[t].name}`] as const);
const KINDS = LEGAL_REQUEST_KINDS.map((k) => [k, k.replace('-', ' ')] as const);

/** Preservation requests, cybercrime warrants, subpoenas and requests, each with its clock. */
export function CaseLegal({ detail, version, onChanged }: CaseSectionProps) {
  const { can } = useSession();
  const manage = can('case:manage') && detail.status !== 'closed';
  const { data, error, reload } = useCaseResource<LegalProcess>(`/cases/${detail.id}/legal`, version);
  const action = useAction();
  const run: Run = async (change) => {
    if (await action.run(change)) onChanged();
  };
  const base = `/cases/${detail.id}`;
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (!data) return <Loading label="Loading the legal process…" />;
  const busy = action.busy;

  return (
    <Section title="Legal process" className="wide">
      <div data-testid="case-legal" className="legal-process">
        <Table
          label="Preservation requests"
          head={['To', 'Jurisdiction', 'Sent', 'Expires', 'Extensions', '']}
          rows={data.preservations.map((p) => (
            <tr key={p.id}>
              <td>{p.recipient}</td>
              <td>{PRESERVATION_RULES[p.jurisdiction].label}</td>
              <td>
                <DateTime value={p.sentAt} />
              </td>
              <td>
                <DueDate value={p.expiresAt} />
              </td>
              <td className="numeric">{p.extensions}</td>
              <td>
                {manage && p.canExtend && (
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    onClick={() => void run(() => api.post(`${base}/preservations/${p.id}/extend`))}
                  >
                    Extend
                  </button>
                )}
              </td>
            </tr>
          ))}
        />
        {manage && (
          <AddForm
            title="Preservation request"
            testId="add-preservation"
            run={run}
            busy={busy}
            controls={[
              { name: 'recipient', label: 'To (platform or provider)', required: true },
              { name: 'jurisdiction', label: 'Jurisdiction', options: JURISDICTIONS, required: true },
              { name: 'sentAt', label: 'Sent', type: 'datetime-local', required: true },
              { name: 'cyberTipReportedAt', label: 'CyberTip reported (US)', type: 'datetime-local' },
            ]}
            submit={(v, id) =>
              api.post(`${base}/preservations`, {
                id,
                recipient: v.recipient,
                jurisdiction: v.jurisdiction,
                sentAt: instant(v.sentAt ?? ''),
                cyberTipReportedAt: instant(v.cyberTipReportedAt ?? ''),
              })
            }
          />
        )}

        <Table
          label="Cybercrime warrants"
          head={['Warrant', 'Court', 'Issued', 'Served', 'Due', 'Returned']}
          rows={data.warrants.map((w) => (
            <tr key={w.id} data-testid="warrant-row">
              <td>
                {w.type} {w.number}
              </td>
              <td>{w.court}</td>
              <td>
                <DateTime value={w.issuedAt} />
              </td>
              <td>
                {w.servedAt ? (
                  <DateTime value={w.servedAt} />
                ) : manage ? (
                  <RecordWhen
                    label="Served"
                    busy={busy}
                    onRecord={(at) => void run(() => api.patch(`${base}/warrants/${w.id}`, { servedAt: at }))}
                  />
                ) : (
                  '—'
                )}
              </td>
              <td>
                {w.returnDueAt ? (
                  <>
                    {WARRANT_RULES[w.type].due}:{' '}
                    <DueDate value={w.returnDueAt} done={Boolean(w.returnedAt)} />
                  </>
                ) : (
                  <span className="muted">from service</span>
                )}
              </td>
              <td>
                {w.returnedAt ? (
                  <DateTime value={w.returnedAt} />
                ) : manage ? (
                  <RecordWhen
                    label="Returned"
                    busy={busy}
                    onRecord={(at) =>
                      void run(() => api.patch(`${base}/warrants/${w.id}`, { returnedAt: at }))
                    }
                  />
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        />
        {manage && (
          <AddForm
            title="Warrant"
            testId="add-warrant"
            run={run}
            busy={busy}
            controls={[
              { name: 'type', label: 'Type', options: TYPES, required: true },
              { name: 'court', label: 'Court', required: true },
              { name: 'number', label: 'Number', required: true },
              { name: 'issuedAt', label: 'Issued', type: 'datetime-local', required: true },
              { name: 'servedAt', label: 'Served', type: 'datetime-local' },
            ]}
            submit={(v, id) =>
              api.post(`${base}/warrants`, {
                id,
                type: v.type,
                court: v.court,
                number: v.number,
                issuedAt: instant(v.issuedAt ?? ''),
                servedAt: instant(v.servedAt ?? ''),
              })
            }
          />
        )}

        <Table
          label="Subpoenas and requests"
          head={['Kind', 'To', 'Sent', 'Due', 'Answered']}
          rows={data.requests.map((r) => (
            <tr key={r.id}>
              <td>{r.kind.replace('-', ' ')}</td>
              <td>{r.recipient}</td>
              <td>
                <DateTime value={r.sentAt} />
              </td>
              <td>
                <DueDate value={r.dueAt} done={Boolean(r.answeredAt)} />
              </td>
              <td>
                {r.answeredAt ? (
                  <DateTime value={r.answeredAt} />
                ) : manage ? (
                  <RecordWhen
                    label="Answered"
                    busy={busy}
                    onRecord={(at) =>
                      void run(() => api.patch(`${base}/requests/${r.id}`, { answeredAt: at }))
                    }
                  />
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        />
        {manage && (
          <AddForm
            title="Subpoena or request"
            testId="add-request"
            run={run}
            busy={busy}
            controls={[
              { name: 'kind', label: 'Kind', options: KINDS, required: true },
              { name: 'recipient', label: 'To', required: true },
              { name: 'sentAt', label: 'Sent', type: 'datetime-local', required: true },
              { name: 'dueAt', label: 'Answer due', type: 'datetime-local', required: true },
            ]}
            submit={(v, id) =>
              api.post(`${base}/requests`, {
                id,
                kind: v.kind,
                recipient: v.recipient,
                sentAt: instant(v.sentAt ?? ''),
                dueAt: instant(v.dueAt ?? ''),
              })
            }
          />
        )}
        <p role="alert" className="form-error">
          {action.error?.message}
        </p>
      </div>
    </Section>
  );
}

import {
  AFTERCARE_SERVICES,
  AFTERCARE_STAGE_LABELS,
  AFTERCARE_STAGES,
  PLACEMENT_KINDS,
  type AftercareList,
  type AftercareView,
} from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { Fields } from '../Fields.tsx';
import { ActionError } from './ActionError.tsx';
import { CaseSection } from './CaseSection.tsx';
import { useCaseChange } from './useCaseChange.ts';

type Form = Record<string, string>;

/** One small form: its fields are selects (given options) or inputs; `body` turns the values into the request. */
function AftercareForm({
  title,
  path,
  fields,
  body,
  onChanged,
}: {
  title: string;
  path: string;
  fields: { name: string; label: string; options?: readonly string[]; type?: string; required?: boolean }[];
  body: (form: Form) => object;
  onChanged: () => void;
}) {
  const id = useId();
  const initial = Object.fromEntries(fields.map((f) => [f.name, f.options?.[0] ?? '']));
  const [form, setForm] = useState<Form>(initial);
  const { busy, error, change } = useCaseChange(onChanged);
  return (
    <form
      className="stack"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await change(() => api.post(path, body(form)))) setForm(initial);
      }}
    >
      <h4>{title}</h4>
      {fields.map((f) => (
        <div className="field" key={f.name}>
          <label htmlFor={`${id}-${f.name}`}>{f.label}</label>
          {f.options ? (
            <select
              id={`${id}-${f.name}`}
              value={form[f.name]}
              onChange={(e) => setForm((v) => ({ ...v, [f.name]: e.target.value }))}
            >
              {f.options.map((o) => (
                <option key={o} value={o}>
                  {AFTERCARE_STAGE_LABELS[o as keyof typeof AFTERCARE_STAGE_LABELS] ?? o}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${id}-${f.name}`}
              type={f.type ?? 'text'}
              required={f.required}
              value={form[f.name]}
              onChange={(e) => setForm((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          )}
        </div>
      ))}
      <ActionError error={error} />
      <button type="submit" className="button button-small" disabled={busy}>
        Save
      </button>
    </form>
  );
}

const optional = (value: string) => (value.trim() ? value : undefined);

function VictimAftercare({
  caseId,
  record,
  onChanged,
}: {
  caseId: string;
  record: AftercareView;
  onChanged: () => void;
}) {
  const { can } = useSession();
  const base = `/cases/${caseId}/victims/${record.victimId}/aftercare`;
  return (
    <div className="card" data-testid={`aftercare-${record.pseudonym}`}>
      <h3>{record.pseudonym}</h3>
      <Fields
        fields={[
          ['Stage', record.stage ? AFTERCARE_STAGE_LABELS[record.stage] : undefined],
          [
            'Placements',
            record.placements.length ? (
              <ul className="plain-list">
                {record.placements.map((p) => (
                  <li key={p.id}>
                    {p.kind} from {p.placedOn}
                    {p.endedOn ? ` to ${p.endedOn}` : ''}: {p.location}
                    {p.caregiverName ? ` (${p.caregiverName})` : ''}
                    {p.conflictFlag && <span className="badge badge-warn"> {p.conflictFlag}</span>}
                  </li>
                ))}
              </ul>
            ) : undefined,
          ],
          ['Services', record.services.map((s) => `${s.service} (${s.deliveredOn})`).join(', ') || undefined],
          ['Reintegrated', record.reintegratedOn ?? undefined],
        ]}
      />
      {can('aftercare:manage') && (
        <div className="work-grid">
          <AftercareForm
            title="Stage"
            path={`${base}/stages`}
            fields={[
              { name: 'stage', label: 'Stage', options: AFTERCARE_STAGES },
              { name: 'enteredOn', label: 'Entered on', type: 'date', required: true },
            ]}
            body={(f) => ({ stage: f.stage, enteredOn: f.enteredOn })}
            onChanged={onChanged}
          />
          <AftercareForm
            title="Placement"
            path={`${base}/placements`}
            fields={[
              { name: 'kind', label: 'Kind', options: PLACEMENT_KINDS },
              { name: 'placedOn', label: 'Placed on', type: 'date', required: true },
              { name: 'location', label: 'Shelter or family, and where', required: true },
              { name: 'caregiver', label: 'Caregiver (family or relatives)' },
            ]}
            body={(f) => ({
              kind: f.kind,
              placedOn: f.placedOn,
              location: f.location,
              ...(optional(f.caregiver!) ? { caregiver: { name: f.caregiver } } : {}),
            })}
            onChanged={onChanged}
          />
          <AftercareForm
            title="Service delivered"
            path={`${base}/services`}
            fields={[
              { name: 'service', label: 'Service', options: AFTERCARE_SERVICES },
              { name: 'deliveredOn', label: 'Delivered on', type: 'date', required: true },
              { name: 'provider', label: 'Provider' },
            ]}
            body={(f) => ({
              service: f.service,
              deliveredOn: f.deliveredOn,
              provider: optional(f.provider!),
            })}
            onChanged={onChanged}
          />
        </div>
      )}
    </div>
  );
}

/** Aftercare, for social workers only: other roles do not see the section at all. */
export function CaseAftercare({ caseId }: { caseId: string }) {
  const { can } = useSession();
  if (!can('aftercare:read')) return null;
  return <AftercareSection caseId={caseId} />;
}

function AftercareSection({ caseId }: { caseId: string }) {
  return (
    <CaseSection<AftercareList> title="Aftercare" path={`/cases/${caseId}/aftercare`}>
      {(data, refresh) =>
        data.items.length ? (
          data.items.map((record) => (
            <VictimAftercare key={record.victimId} caseId={caseId} record={record} onChanged={refresh} />
          ))
        ) : (
          <p className="muted">No victims recorded yet.</p>
        )
      }
    </CaseSection>
  );
}

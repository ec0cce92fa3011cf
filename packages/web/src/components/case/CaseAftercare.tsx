import {
  AFTERCARE_SERVICES,
  AFTERCARE_STAGE_LABELS,
  AFTERCARE_STAGES,
  PLACEMENT_KINDS,
  type AftercareList,
  type AftercareView,
} from '@sinag/core';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { Fields } from '../Fields.tsx';
import { CaseSection } from './CaseSection.tsx';
import { SimpleForm } from './SimpleForm.tsx';

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
          <SimpleForm
            title="Stage"
            fields={[
              {
                name: 'stage',
                label: 'Stage',
                options: AFTERCARE_STAGES.map((s) => ({ value: s, label: AFTERCARE_STAGE_LABELS[s] })),
              },
              { name: 'enteredOn', label: 'Entered on', type: 'date', required: true },
            ]}
            submit={(f) => api.post(`${base}/stages`, { stage: f.stage, enteredOn: f.enteredOn })}
            onChanged={onChanged}
          />
          <SimpleForm
            title="Placement"
            fields={[
              { name: 'kind', label: 'Kind', options: PLACEMENT_KINDS },
              { name: 'placedOn', label: 'Placed on', type: 'date', required: true },
              { name: 'location', label: 'Shelter or family, and where', required: true },
              { name: 'caregiver', label: 'Caregiver (family or relatives)' },
            ]}
            submit={(f) =>
              api.post(`${base}/placements`, {
                kind: f.kind,
                placedOn: f.placedOn,
                location: f.location,
                ...(optional(f.caregiver!) ? { caregiver: { name: f.caregiver } } : {}),
              })
            }
            onChanged={onChanged}
          />
          <SimpleForm
            title="Service delivered"
            fields={[
              { name: 'service', label: 'Service', options: AFTERCARE_SERVICES },
              { name: 'deliveredOn', label: 'Delivered on', type: 'date', required: true },
              { name: 'provider', label: 'Provider' },
            ]}
            submit={(f) =>
              api.post(`${base}/services`, {
                service: f.service,
                deliveredOn: f.deliveredOn,
                provider: optional(f.provider!),
              })
            }
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

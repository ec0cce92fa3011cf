import type { OperationList, OperationView } from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { ActionError } from './ActionError.tsx';
import { CaseSection } from './CaseSection.tsx';
import { useCaseChange } from './useCaseChange.ts';

function OperationRows({
  caseId,
  operations,
  onChanged,
}: {
  caseId: string;
  operations: OperationView[];
  onChanged: () => void;
}) {
  const { can, session } = useSession();
  const { busy, error, change } = useCaseChange(onChanged);
  if (!operations.length) return <p className="muted">No operation planned yet.</p>;
  return (
    <TableScroll label="Operations">
      <ActionError error={error} />
      <table className="data-table" data-testid="case-operations">
        <caption className="visually-hidden">Operations of this case</caption>
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Date</th>
            <th scope="col">Place</th>
            <th scope="col">Team and partners</th>
            <th scope="col">Status</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {operations.map((o) => (
            <tr key={o.id}>
              <th scope="row">{o.name}</th>
              <td>{o.plannedFor}</td>
              <td>{[o.city, o.region].filter(Boolean).join(', ')}</td>
              <td className="wrap">
                {[...o.team, ...o.socialWorkers].map((p) => p.displayName).join(', ')}
                {o.partnerAgencies.length > 0 && <div className="muted">{o.partnerAgencies.join(', ')}</div>}
              </td>
              <td>
                {o.status}
                {o.approvedBy && <div className="muted">by {o.approvedBy}</div>}
                {o.status === 'planned' &&
                  can('operation:approve') &&
                  o.plannedBy !== session?.user.username && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy}
                      onClick={() =>
                        void change(() => api.post(`/cases/${caseId}/operations/${o.id}/approve`))
                      }
                    >
                      Approve
                    </button>
                  )}
              </td>
              <td className="wrap">
                {o.outcome
                  ? `${o.outcome.safeguarded.length} children safeguarded, ${o.outcome.arrested.length} arrested` +
                    (o.outcome.evidenceSeized ? `; seized: ${o.outcome.evidenceSeized}` : '')
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function PlanOperation({ caseId, onChanged }: { caseId: string; onChanged: () => void }) {
  const id = useId();
  const { session } = useSession();
  const empty = { name: '', plannedFor: '', region: '', city: '', partners: '' };
  const [form, setForm] = useState(empty);
  const set = (field: keyof typeof empty) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  const { busy, error, change } = useCaseChange(onChanged);
  return (
    <form
      className="stack"
      data-testid="plan-operation"
      onSubmit={async (event) => {
        event.preventDefault();
        const body = {
          name: form.name,
          plannedFor: form.plannedFor,
          region: form.region,
          ...(form.city.trim() ? { city: form.city } : {}),
          teamIds: session ? [session.user.id] : [],
          partnerAgencies: form.partners
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean),
        };
        if (await change(() => api.post(`/cases/${caseId}/operations`, body))) setForm(empty);
      }}
    >
      <h3>Plan an operation</h3>
      <div className="form-grid">
        {(
          [
            ['name', 'Name', 'text'],
            ['plannedFor', 'Date', 'date'],
            ['region', 'Region', 'text'],
            ['city', 'City (no street address)', 'text'],
            ['partners', 'Partner agencies (comma-separated)', 'text'],
          ] as const
        ).map(([field, label, type]) => (
          <div className="field" key={field}>
            <label htmlFor={`${id}-${field}`}>{label}</label>
            <input
              id={`${id}-${field}`}
              type={type}
              required={field === 'name' || field === 'plannedFor' || field === 'region'}
              value={form[field]}
              onChange={set(field)}
            />
          </div>
        ))}
      </div>
      <ActionError error={error} />
      <button type="submit" className="button" disabled={busy}>
        Plan operation
      </button>
    </form>
  );
}

/** Operations: the server answers 403 to anyone off the case team, and the section says so. */
export function CaseOperations({ caseId }: { caseId: string }) {
  const { can } = useSession();
  return (
    <CaseSection<OperationList>
      title="Operations"
      path={`/cases/${caseId}/operations`}
      forbidden="Operation data is visible to the case team only."
    >
      {(data, refresh) => (
        <>
          <OperationRows caseId={caseId} operations={data.items} onChanged={refresh} />
          {can('case:manage') && <PlanOperation caseId={caseId} onChanged={refresh} />}
        </>
      )}
    </CaseSection>
  );
}

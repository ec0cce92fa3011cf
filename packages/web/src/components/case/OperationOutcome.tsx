import type { OperationView, SubjectList, VictimList } from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useResource } from '../../useResource.ts';
import { ActionError } from './ActionError.tsx';
import { useCaseChange } from './useCaseChange.ts';

/** Ticks the items of a list on and off. */
function Checks({
  legend,
  items,
  picked,
  onChange,
}: {
  legend: string;
  items: { id: string; label: string }[];
  picked: string[];
  onChange: (ids: string[]) => void;
}) {
  if (!items.length) return null;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {items.map((i) => (
        <label key={i.id} className="check">
          <input
            type="checkbox"
            checked={picked.includes(i.id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...picked, i.id] : picked.filter((p) => p !== i.id))
            }
          />{' '}
          {i.label}
        </label>
      ))}
    </fieldset>
  );
}

/** What an approved operation achieved: the children safeguarded, the subjects arrested, what was seized. */
export function OperationOutcome({
  caseId,
  operation,
  onChanged,
}: {
  caseId: string;
  operation: OperationView;
  onChanged: () => void;
}) {
  const id = useId();
  const { data: victims } = useResource<VictimList>(`/cases/${caseId}/victims`);
  const { data: subjects } = useResource<SubjectList>(`/cases/${caseId}/subjects`);
  const [carriedOutOn, setCarriedOutOn] = useState(operation.plannedFor);
  const [safeguarded, setSafeguarded] = useState<string[]>([]);
  const [arrested, setArrested] = useState<string[]>([]);
  const [evidence, setEvidence] = useState('');
  const { busy, error, change } = useCaseChange(onChanged);
  return (
    <form
      className="stack"
      data-testid="operation-outcome"
      onSubmit={(event) => {
        event.preventDefault();
        void change(() =>
          api.post(`/cases/${caseId}/operations/${operation.id}/outcome`, {
            carriedOutOn,
            safeguardedVictimIds: safeguarded,
            arrestedSubjectIds: arrested,
            ...(evidence.trim() ? { evidenceSeized: evidence } : {}),
          }),
        );
      }}
    >
      <h3>Outcome of {operation.name}</h3>
      <div className="field">
        <label htmlFor={`${id}-on`}>Carried out on</label>
        <input
          id={`${id}-on`}
          type="date"
          required
          value={carriedOutOn}
          onChange={(e) => setCarriedOutOn(e.target.value)}
        />
      </div>
      <Checks
        legend="Children safeguarded"
        items={(victims?.items ?? []).map((v) => ({ id: v.id, label: v.pseudonym }))}
        picked={safeguarded}
        onChange={setSafeguarded}
      />
      <Checks
        legend="Subjects arrested"
        items={(subjects?.items ?? []).map((s) => ({ id: s.id, label: s.label }))}
        picked={arrested}
        onChange={setArrested}
      />
      <div className="field">
        <label htmlFor={`${id}-evidence`}>Evidence seized</label>
        <textarea
          id={`${id}-evidence`}
          rows={2}
          maxLength={5000}
          value={evidence}
          onChange={(e) => setEvidence(e.target.value)}
        />
      </div>
      <ActionError error={error} />
      <button type="submit" className="button" disabled={busy}>
        Record outcome
      </button>
    </form>
  );
}

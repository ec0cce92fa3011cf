import { CONSENT_PURPOSES, type ConsentList, type VictimView } from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useResource } from '../../useResource.ts';
import { ActionError } from './ActionError.tsx';
import { useCaseChange } from './useCaseChange.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** Consent records of one victim at a time: pick the victim, then see, record or withdraw. */
export function VictimConsents({ caseId, victims }: { caseId: string; victims: VictimView[] }) {
  const id = useId();
  const [victimId, setVictimId] = useState('');
  return (
    <div className="stack" data-testid="victim-consents">
      <h3>Consent</h3>
      <div className="field">
        <label htmlFor={id}>Victim</label>
        <select id={id} value={victimId} onChange={(e) => setVictimId(e.target.value)}>
          <option value="">Choose a victim…</option>
          {victims.map((v) => (
            <option key={v.id} value={v.id}>
              {v.pseudonym}
            </option>
          ))}
        </select>
      </div>
      {victimId && <ConsentRecords key={victimId} path={`/cases/${caseId}/victims/${victimId}/consents`} />}
    </div>
  );
}

/** A victim's consent records (withdrawn ones stay, marked), and a form to record or withdraw one. */
function ConsentRecords({ path }: { path: string }) {
  const id = useId();
  const { can } = useSession();
  const empty = {
    purpose: CONSENT_PURPOSES[0] as string,
    givenBy: 'victim',
    guardian: '',
    granted: true,
    givenOn: today(),
  };
  const [form, setForm] = useState(empty);
  const { data, refresh } = useResource<ConsentList>(path);
  const { busy, error, change } = useCaseChange(refresh);
  const records = data?.items ?? [];
  return (
    <>
      <ul className="plain-list">
        {records.length === 0 && <li className="muted">No consent recorded.</li>}
        {records.map((c) => (
          <li key={c.id}>
            {c.purpose}: {c.granted ? 'granted' : 'refused'} by the {c.givenBy} on {c.givenOn}
            {c.withdrawnOn ? (
              <span className="badge badge-warn"> withdrawn {c.withdrawnOn}</span>
            ) : (
              can('consent:record') && (
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy}
                  onClick={() =>
                    void change(() => api.post(`${path}/${c.id}/withdraw`, { withdrawnOn: today() }))
                  }
                >
                  Withdraw
                </button>
              )
            )}
          </li>
        ))}
      </ul>
      {can('consent:record') && (
        <form
          className="form-grid"
          onSubmit={async (event) => {
            event.preventDefault();
            const body = {
              purpose: form.purpose,
              givenBy: form.givenBy,
              granted: form.granted,
              givenOn: form.givenOn,
              ...(form.givenBy === 'guardian' ? { guardian: { name: form.guardian } } : {}),
            };
            if (await change(() => api.post(path, body))) setForm(empty);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-purpose`}>Purpose</label>
            <select
              id={`${id}-purpose`}
              value={form.purpose}
              onChange={(e) => setForm({ ...form, purpose: e.target.value })}
            >
              {CONSENT_PURPOSES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-by`}>Given by</label>
            <select
              id={`${id}-by`}
              value={form.givenBy}
              onChange={(e) => setForm({ ...form, givenBy: e.target.value })}
            >
              <option value="victim">the victim</option>
              <option value="guardian">a guardian</option>
            </select>
          </div>
          {form.givenBy === 'guardian' && (
            <div className="field">
              <label htmlFor={`${id}-guardian`}>
                Guardian’s name (checked against the subjects, not stored)
              </label>
              <input
                id={`${id}-guardian`}
                required
                value={form.guardian}
                onChange={(e) => setForm({ ...form, guardian: e.target.value })}
              />
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-on`}>Date</label>
            <input
              id={`${id}-on`}
              type="date"
              required
              value={form.givenOn}
              onChange={(e) => setForm({ ...form, givenOn: e.target.value })}
            />
            <label className="check">
              <input
                type="checkbox"
                checked={form.granted}
                onChange={(e) => setForm({ ...form, granted: e.target.checked })}
              />{' '}
              Consent granted
            </label>
          </div>
          <ActionError error={error} />
          <button type="submit" className="button button-small" disabled={busy}>
            Record consent
          </button>
        </form>
      )}
    </>
  );
}

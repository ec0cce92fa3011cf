import {
  AGE_BANDS,
  RELATIONSHIPS,
  SEXES,
  VAULT_REASON_MIN,
  type RevealedIdentity,
  type SubjectList,
  type VictimList,
  type VictimView,
} from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useResource } from '../../useResource.ts';
import { Fields } from '../Fields.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { ActionError } from './ActionError.tsx';
import { CaseSection } from './CaseSection.tsx';
import { VictimConsents } from './VictimConsents.tsx';
import { useCaseChange, useRefreshOnCaseChange } from './useCaseChange.ts';

/** Asks why, then shows the identity from the vault; the reason is kept in the audit log. */
function RevealIdentity({ caseId, victim }: { caseId: string; victim: VictimView }) {
  const reasonId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [revealed, setRevealed] = useState<RevealedIdentity>();
  const { busy, error, run } = useCaseChange(() => undefined);
  if (revealed?.identity) {
    const i = revealed.identity;
    return (
      <div data-testid="revealed-identity">
        <Fields
          fields={[
            ['Name', i.name],
            ['Date of birth', i.dateOfBirth],
            ['Address', i.address],
            ['Contact', i.contact],
            ['Document photos', i.documentPhotoRefs.join(', ') || undefined],
          ]}
        />
        <button type="button" className="button button-small" onClick={() => setRevealed(undefined)}>
          Hide identity
        </button>
      </div>
    );
  }
  if (!open)
    return (
      <button type="button" className="button button-small" onClick={() => setOpen(true)}>
        Reveal identity
      </button>
    );
  return (
    <form
      className="stack"
      data-testid="reveal-identity"
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () =>
          setRevealed(
            await api.post<RevealedIdentity>(`/cases/${caseId}/victims/${victim.id}/identity/reveal`, {
              reason,
            }),
          ),
        );
      }}
    >
      <div className="field">
        <label htmlFor={reasonId}>Why do you need {victim.pseudonym}’s identity?</label>
        <textarea
          id={reasonId}
          rows={2}
          required
          minLength={VAULT_REASON_MIN}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <p className="hint">Recorded in the audit log. Do not write the child’s name here.</p>
      </div>
      <ActionError error={error} />
      <button
        type="submit"
        className="button button-small"
        disabled={busy || reason.trim().length < VAULT_REASON_MIN}
      >
        Reveal
      </button>
    </form>
  );
}

function VictimTable({ caseId, victims }: { caseId: string; victims: VictimView[] }) {
  const { can } = useSession();
  if (!victims.length) return <p className="muted">No victims recorded yet.</p>;
  return (
    <TableScroll label="Victims">
      <table className="data-table" data-testid="case-victims">
        <caption className="visually-hidden">Victims of this case, by pseudonym</caption>
        <thead>
          <tr>
            <th scope="col">Pseudonym</th>
            <th scope="col">Age band</th>
            <th scope="col">Sex</th>
            <th scope="col">Relations to subjects</th>
            <th scope="col">Identity</th>
          </tr>
        </thead>
        <tbody>
          {victims.map((v) => (
            <tr key={v.id}>
              <th scope="row">
                {v.pseudonym}
                {v.guardianConflict && <span className="badge badge-warn"> Guardian is a subject</span>}
              </th>
              <td>{v.ageBand ?? '—'}</td>
              <td>{v.sex ?? '—'}</td>
              <td className="wrap">
                {v.relations
                  .map((r) => `${r.subjectLabel} (${r.relationship}${r.isGuardian ? ', guardian' : ''})`)
                  .join(', ') || '—'}
              </td>
              <td>
                {!v.hasIdentity ? (
                  <span className="muted">none held</span>
                ) : can('vault:read') ? (
                  <RevealIdentity caseId={caseId} victim={v} />
                ) : (
                  <span className="muted">in the identity vault</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function AddVictim({ caseId, onChanged }: { caseId: string; onChanged: () => void }) {
  const id = useId();
  const { data: subjects, refresh: refreshSubjects } = useResource<SubjectList>(`/cases/${caseId}/subjects`);
  useRefreshOnCaseChange(refreshSubjects);
  const empty = {
    ageBand: 'unknown',
    sex: 'unknown',
    subjectId: '',
    relationship: 'other',
    isGuardian: false,
    name: '',
    dateOfBirth: '',
    address: '',
  };
  const [form, setForm] = useState(empty);
  const set = (field: keyof typeof empty) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  const { busy, error, change } = useCaseChange(onChanged);
  const identity = Object.fromEntries(
    (['name', 'dateOfBirth', 'address'] as const).filter((k) => form[k].trim()).map((k) => [k, form[k]]),
  );
  return (
    <form
      className="stack"
      data-testid="add-victim"
      onSubmit={async (event) => {
        event.preventDefault();
        const body = {
          ageBand: form.ageBand,
          sex: form.sex,
          relations: form.subjectId
            ? [{ subjectId: form.subjectId, relationship: form.relationship, isGuardian: form.isGuardian }]
            : [],
          ...(Object.keys(identity).length ? { identity } : {}),
        };
        if (await change(() => api.post(`/cases/${caseId}/victims`, body))) setForm(empty);
      }}
    >
      <h3>Add a victim</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-age`}>Age band</label>
          <select id={`${id}-age`} value={form.ageBand} onChange={set('ageBand')}>
            {AGE_BANDS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sex`}>Sex</label>
          <select id={`${id}-sex`} value={form.sex} onChange={set('sex')}>
            {SEXES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        {!!subjects?.items.length && (
          <>
            <div className="field">
              <label htmlFor={`${id}-subject`}>Related subject</label>
              <select id={`${id}-subject`} value={form.subjectId} onChange={set('subjectId')}>
                <option value="">None</option>
                {subjects.items.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-rel`}>Relationship</label>
              <select id={`${id}-rel`} value={form.relationship} onChange={set('relationship')}>
                {RELATIONSHIPS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.isGuardian}
                  onChange={(e) => setForm((f) => ({ ...f, isGuardian: e.target.checked }))}
                />{' '}
                The subject is the child’s guardian
              </label>
            </div>
          </>
        )}
      </div>
      <fieldset>
        <legend>Identity (kept only in the encrypted identity vault)</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              value={form.name}
              maxLength={200}
              autoComplete="off"
              onChange={set('name')}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-dob`}>Date of birth</label>
            <input id={`${id}-dob`} type="date" value={form.dateOfBirth} onChange={set('dateOfBirth')} />
          </div>
          <div className="field field-wide">
            <label htmlFor={`${id}-address`}>Address</label>
            <input
              id={`${id}-address`}
              value={form.address}
              maxLength={500}
              autoComplete="off"
              onChange={set('address')}
            />
          </div>
        </div>
      </fieldset>
      <ActionError error={error} />
      <button type="submit" className="button" disabled={busy}>
        Add victim
      </button>
    </form>
  );
}

export function CaseVictims({ caseId }: { caseId: string }) {
  const { can } = useSession();
  return (
    <CaseSection<VictimList> title="Victims" path={`/cases/${caseId}/victims`}>
      {(data, refresh) => (
        <>
          <VictimTable caseId={caseId} victims={data.items} />
          <div className="work-grid">
            {can('case:manage') && <AddVictim caseId={caseId} onChanged={refresh} />}
            {data.items.length > 0 && <VictimConsents caseId={caseId} victims={data.items} />}
          </div>
        </>
      )}
    </CaseSection>
  );
}

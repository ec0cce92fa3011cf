import { CLASSIFICATIONS, type CaseDetail } from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useAction } from '../../useAction.ts';
import { Section } from '../Section.tsx';
import { ColleagueSelect } from './ColleagueSelect.tsx';

const TEAM_ROLES = ['member', 'analyst', 'social-worker', 'prosecutor'] as const;

/** The lead, the team and the TLP classification, with the changes a case worker can make. */
export function CasePeople({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const { can } = useSession();
  const manage = can('case:manage');
  const { busy, error, run } = useAction();
  const [lead, setLead] = useState(detail.lead?.id ?? '');
  const [member, setMember] = useState('');
  const [role, setRole] = useState<string>('member');
  const [classification, setClassification] = useState<string>(detail.classification);
  const [reason, setReason] = useState('');
  const roleId = useId();
  const tlpId = useId();
  const reasonId = useId();
  const send = async (change: () => Promise<unknown>) => {
    if (await run(change)) onChanged();
  };
  const base = `/cases/${detail.id}`;

  return (
    <Section title="Lead, team and classification">
      <p>
        Lead: <strong>{detail.lead?.name ?? 'nobody'}</strong> · Classification:{' '}
        <span className={`badge tlp tlp-${detail.classification}`}>TLP:{detail.classification}</span>
      </p>
      {detail.team.length === 0 ? (
        <p className="muted">Nobody else is on the team yet.</p>
      ) : (
        <ul className="plain-list" data-testid="case-team">
          {detail.team.map((m) => (
            <li key={m.userId}>
              {m.name} <span className="muted">({m.role})</span>{' '}
              {manage && (
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy}
                  onClick={() => void send(() => api.delete(`${base}/team/${m.userId}`))}
                >
                  Remove {m.name}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && (
        <div className="stack">
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void send(() => api.put(`${base}/lead`, { userId: lead }));
            }}
          >
            <ColleagueSelect label="Lead" value={lead} onChange={setLead} />
            <button type="submit" className="button" disabled={busy || !lead || lead === detail.lead?.id}>
              Change lead
            </button>
          </form>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void send(() => api.post(`${base}/team`, { userId: member, role }));
            }}
          >
            <ColleagueSelect label="Add to team" value={member} onChange={setMember} />
            <div className="field">
              <label htmlFor={roleId}>Role on the case</label>
              <select id={roleId} value={role} onChange={(e) => setRole(e.target.value)}>
                {TEAM_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button" disabled={busy || !member}>
              Add
            </button>
          </form>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void send(() =>
                api.put(`${base}/classification`, { classification, reason: reason.trim() || undefined }),
              );
            }}
          >
            <div className="field">
              <label htmlFor={tlpId}>Classification</label>
              <select id={tlpId} value={classification} onChange={(e) => setClassification(e.target.value)}>
                {CLASSIFICATIONS.map((c) => (
                  <option key={c} value={c}>
                    TLP:{c}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={reasonId}>Reason (needed to lower it)</label>
              <input
                id={reasonId}
                value={reason}
                maxLength={500}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
            <button
              type="submit"
              className="button"
              disabled={busy || classification === detail.classification}
            >
              Change classification
            </button>
          </form>
        </div>
      )}
      <p role="alert" className="form-error">
        {error?.message}
      </p>
    </Section>
  );
}

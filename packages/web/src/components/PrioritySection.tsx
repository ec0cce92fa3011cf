import { BAND_LABELS, BANDS, type Band, type ReferralDetail } from '@sinag/core';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { factorLabel } from '../format.ts';
import { useSession } from '../session.tsx';
import { useAction } from '../useAction.ts';
import { DateTime } from './DateTime.tsx';
import { PriorityBadge } from './PriorityBadge.tsx';
import { Section } from './Section.tsx';
import { TableScroll } from './TableScroll.tsx';
import { TimeLeft } from './TimeLeft.tsx';

/** An analyst sets the band that counts, with a written reason (audited). */
function OverrideForm({ referralId, onSaved }: { referralId: string; onSaved: () => void }) {
  const id = useId();
  const [band, setBand] = useState<Band>('P1');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await run(() => api.post(`/referrals/${referralId}/priority-override`, { band, reason }))) {
      setReason('');
      onSaved();
    }
  }

  return (
    <form className="override-form" onSubmit={submit} data-testid="priority-override-form">
      <div className="field">
        <label htmlFor={`${id}-band`}>Band</label>
        <select id={`${id}-band`} value={band} onChange={(e) => setBand(e.target.value as Band)}>
          {BANDS.map((b) => (
            <option key={b} value={b}>
              {b} — {BAND_LABELS[b]}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-wide">
        <label htmlFor={`${id}-reason`}>
          Reason<span className="required"> (required)</span>
        </label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          required
          rows={2}
          maxLength={2000}
          aria-invalid={error?.field === 'reason' || undefined}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        Override band
      </button>
    </form>
  );
}

/** Why a referral has its band: every factor with its weight and evidence, review flags, and any override. */
export function PrioritySection({ detail, onChanged }: { detail: ReferralDetail; onChanged: () => void }) {
  const { can } = useSession();
  const { priority } = detail;
  const clearing = useAction();

  async function clearOverride() {
    if (await clearing.run(() => api.delete(`/referrals/${detail.id}/priority-override`))) onChanged();
  }

  return (
    <Section title="Why this priority" className="wide">
      <div data-testid="priority-section">
        <p>
          <PriorityBadge band={detail.band} overridden={detail.overridden} /> Score {priority.score}, scored{' '}
          {priority.band} with configuration version {priority.configVersion}.{' '}
          <TimeLeft receivedAt={detail.receivedAt} dueAt={detail.dueAt} status={detail.status} />
        </p>
        {priority.factors.length === 0 ? (
          <p className="muted">No priority factor applies.</p>
        ) : (
          <TableScroll label="Priority factors">
            <table className="data-table" data-testid="priority-factors">
              <thead>
                <tr>
                  <th scope="col">Factor</th>
                  <th scope="col" className="numeric">
                    Weight
                  </th>
                  <th scope="col">Evidence</th>
                </tr>
              </thead>
              <tbody>
                {priority.factors.map((factor) => (
                  <tr key={factor.name}>
                    <td className="wrap">{factorLabel(factor.name)}</td>
                    <td className="numeric">
                      {factor.weight > 0 ? '+' : ''}
                      {factor.weight}
                    </td>
                    <td className="mono wrap">{factor.evidence}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {detail.flags.length > 0 && (
          <div className="notice" data-testid="priority-flags">
            <p className="notice-title">For review (these never close a referral by themselves)</p>
            <ul className="plain-list">
              {detail.flags.map((flag) => (
                <li key={flag.name}>
                  {factorLabel(flag.name)} <span className="mono muted">{flag.evidence}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {priority.override && (
          <div className="notice notice-info" data-testid="priority-override">
            <p className="notice-title">
              Overridden to {priority.override.band} by {priority.override.by},{' '}
              <DateTime value={priority.override.at} />
            </p>
            <p className="prose">{priority.override.reason}</p>
            {can('referral:triage') && (
              <button type="button" className="button" onClick={clearOverride} disabled={clearing.busy}>
                Clear override
              </button>
            )}
            {clearing.error && (
              <p className="field-error" role="alert">
                {clearing.error.message}
              </p>
            )}
          </div>
        )}
        {can('referral:triage') && <OverrideForm referralId={detail.id} onSaved={onChanged} />}
      </div>
    </Section>
  );
}

import type { CasePage, FinanceAlertDetail, LeadPackage } from '@sinag/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { useAction } from '../../useAction.ts';
import { useSession } from '../../session.tsx';
import { useResource } from '../../useResource.ts';

/** Saves the lead package as one JSON file (its files and their SHA-256 manifest inside). */
function download(bundle: LeadPackage) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `lead-${bundle.alertId}.json`;
  a.click();
  URL.revokeObjectURL(url);
}

/** The organisation's cases to choose from, for those who read cases; others give the case id. */
function CaseChoice({ disabled }: { disabled: boolean }) {
  const { can } = useSession();
  return can('case:read') ? (
    <CaseSelect disabled={disabled} />
  ) : (
    <input id="alert-case" name="caseId" required placeholder="case id" disabled={disabled} />
  );
}

function CaseSelect({ disabled }: { disabled: boolean }) {
  const cases = useResource<CasePage>('/cases?pageSize=100').data?.items ?? [];
  return (
    <select id="alert-case" name="caseId" required disabled={disabled} defaultValue="">
      <option value="" disabled>
        {cases.length ? 'Choose a case' : 'No open cases'}
      </option>
      {cases.map((c) => (
        <option key={c.id} value={c.id}>
          {c.reference} · {c.title}
        </option>
      ))}
    </select>
  );
}

/** What an analyst does with an alert: dismiss with a reason, escalate, link to a case, refer, export. */
export function AlertActions({ alert, onChange }: { alert: FinanceAlertDetail; onChange: () => void }) {
  const { busy, error, run } = useAction();
  const navigate = useNavigate();
  const [done, setDone] = useState<string>();
  const base = `/finance/alerts/${alert.id}`;
  const hasReferral = alert.links.some((l) => l.kind === 'referral');

  const act = (what: string, action: () => Promise<unknown>) =>
    run(async () => {
      await action();
      onChange();
      setDone(what);
    });

  const dismiss = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
    void act('Dismissed.', () => api.post<FinanceAlertDetail>(`${base}/dismiss`, { reason }));
  };
  const link = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const caseId = String(new FormData(event.currentTarget).get('caseId') ?? '');
    void act('Linked to the case.', () => api.post<FinanceAlertDetail>(`${base}/case-links`, { caseId }));
  };

  return (
    <div className="alert-actions">
      <form onSubmit={dismiss} aria-label="Dismiss the alert">
        <div className="field">
          <label htmlFor="alert-dismiss-reason">Reason for dismissing</label>
          <textarea
            id="alert-dismiss-reason"
            name="reason"
            required
            minLength={3}
            rows={2}
            disabled={busy || alert.status === 'dismissed'}
            aria-invalid={error?.field === 'reason' || undefined}
          />
        </div>
        <button type="submit" className="button" disabled={busy || alert.status === 'dismissed'}>
          Dismiss
        </button>
      </form>
      <form onSubmit={link} aria-label="Link the alert to a case">
        <div className="field">
          <label htmlFor="alert-case">Case</label>
          <CaseChoice disabled={busy} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          Link to case
        </button>
      </form>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={busy || alert.status === 'dismissed' || alert.status === 'escalated'}
          onClick={() => void act('Escalated.', () => api.post<FinanceAlertDetail>(`${base}/escalate`, {}))}
        >
          Escalate
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || hasReferral}
          title={hasReferral ? 'A referral is already linked to this alert' : undefined}
          onClick={() =>
            void run(async () => {
              const made = await api.post<{ referralId: string }>(`${base}/referral`);
              setDone('Referral made.');
              void navigate(`/referrals/${made.referralId}`);
            })
          }
        >
          Make a referral
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            void act('Lead package saved.', async () =>
              download(await api.get<LeadPackage>(`${base}/lead-package`)),
            )
          }
        >
          Export lead package
        </button>
      </div>
      {done && !error && (
        <p role="status" className="muted">
          {done}
        </p>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error.message}
        </p>
      )}
    </div>
  );
}

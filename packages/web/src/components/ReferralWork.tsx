import { CLOSE_REASON_LABELS, CLOSE_REASONS } from '@sinag/core';
import type { CasePage, CloseReason, ReferralDetail } from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../api.ts';
import { useSession } from '../session.tsx';
import { useAction } from '../useAction.ts';
import { useResource } from '../useResource.ts';
import { AssigneeSelect } from './AssigneeSelect.tsx';
import { DateTime } from './DateTime.tsx';
import { Section } from './Section.tsx';

/** Sends one change to the server; resolves when it is done (an error is kept by `useAction`). */
type Run = (action: () => Promise<unknown>) => Promise<unknown>;

function CloseForm({ referralId, run, busy }: { referralId: string; run: Run; busy: boolean }) {
  const reasonId = useId();
  const noteId = useId();
  const [reason, setReason] = useState<CloseReason | ''>('');
  const [note, setNote] = useState('');
  return (
    <form
      className="stack"
      data-testid="close-referral"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason)
          void run(() => api.post(`/referrals/${referralId}/close`, { reason, note: note || undefined }));
      }}
    >
      <div className="field">
        <label htmlFor={reasonId}>Close as</label>
        <select
          id={reasonId}
          value={reason}
          required
          onChange={(e) => setReason(e.target.value as CloseReason)}
        >
          <option value="">Choose a reason…</option>
          {CLOSE_REASONS.map((r) => (
            <option key={r} value={r}>
              {CLOSE_REASON_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={noteId}>Note (optional)</label>
        <textarea
          id={noteId}
          rows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={busy || !reason}>
        Close referral
      </button>
    </form>
  );
}

function AddToCase({ referralId, run, busy }: { referralId: string; run: Run; busy: boolean }) {
  const id = useId();
  const { data } = useResource<CasePage>('/cases?status=open&pageSize=100');
  const [caseId, setCaseId] = useState('');
  if (!data?.items.length) return null;
  return (
    <form
      className="stack"
      data-testid="add-to-case"
      onSubmit={(event) => {
        event.preventDefault();
        if (caseId) void run(() => api.post(`/cases/${caseId}/referrals`, { referralIds: [referralId] }));
      }}
    >
      <div className="field">
        <label htmlFor={id}>Merge into an open case</label>
        <select id={id} value={caseId} onChange={(e) => setCaseId(e.target.value)}>
          <option value="">Choose a case…</option>
          {data.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.reference} — {c.title}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={busy || !caseId}>
        Add to case
      </button>
    </form>
  );
}

/** Assigning, closing with a reason, reopening, merging into a case: for those who work the queue. */
export function ReferralWork({ detail, onChanged }: { detail: ReferralDetail; onChanged: () => void }) {
  const { can } = useSession();
  const action = useAction();
  const { busy, error } = action;
  // After a change that succeeded, the page loads the referral again.
  const run: Run = async (change) => {
    if (await action.run(change)) onChanged();
  };
  const [assignee, setAssignee] = useState(detail.assignee?.id ?? '');
  if (!can('referral:triage')) return null;
  const closed = detail.status === 'closed';

  return (
    <Section title="Work" className="wide">
      <div className="work-grid" data-testid="referral-work">
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() =>
              api.post('/referrals/assign', { referralIds: [detail.id], assigneeId: assignee || null }),
            );
          }}
        >
          <AssigneeSelect value={assignee} onChange={setAssignee} label="Assigned to" />
          <button
            type="submit"
            className="button"
            disabled={busy || assignee === (detail.assignee?.id ?? '')}
          >
            Save assignment
          </button>
        </form>
        {closed && detail.closure ? (
          <div className="stack" data-testid="referral-closure">
            <p>
              Closed as <strong>{CLOSE_REASON_LABELS[detail.closure.reason]}</strong> by{' '}
              {detail.closure.by ?? 'unknown'} on <DateTime value={detail.closure.at} />.
            </p>
            {detail.closure.note && <p className="prose">{detail.closure.note}</p>}
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void run(() => api.post(`/referrals/${detail.id}/reopen`))}
            >
              Reopen
            </button>
          </div>
        ) : (
          detail.status !== 'case-opened' && <CloseForm referralId={detail.id} run={run} busy={busy} />
        )}
        {can('case:create') && !closed && <AddToCase referralId={detail.id} run={run} busy={busy} />}
      </div>
      <p role="alert" className="form-error">
        {error?.message}
      </p>
    </Section>
  );
}

import { CLOSE_REASON_LABELS } from '@sinag/core';
import type { CloseReason, ReferralHistory as History, ReferralSource } from '@sinag/core';
import { humanise, SOURCE_LABELS } from '../format.ts';
import { useResource } from '../useResource.ts';
import { DateTime } from './DateTime.tsx';
import { Section } from './Section.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the change was, in words, from an audit entry's action and details. */
function describe(action: string, details: Record<string, unknown>): string {
  switch (action) {
    case 'referral.create':
      return `Received from ${SOURCE_LABELS[details.source as ReferralSource] ?? String(details.source)}`;
    case 'referral.assign':
      return details.assignee ? `Assigned to ${String(details.assignee)}` : 'Assignment removed';
    case 'referral.close': {
      const reason = CLOSE_REASON_LABELS[details.reason as CloseReason] ?? String(details.reason);
      return details.note ? `Closed as ${reason}: ${String(details.note)}` : `Closed as ${reason}`;
    }
    case 'referral.reopen':
      return 'Reopened';
    case 'referral.priority.override':
      return `Band overridden to ${String(details.band)} (scored ${String(details.scoredBand)})`;
    case 'referral.priority.override-clear':
      return `Override cleared: back to the scored band ${String(details.scoredBand)}`;
    case 'referral.update':
      return details.caseId ? 'Added to a case' : 'Updated';
  }
  const verb = humanise(action.replace(/^referral\./, ''));
  const shown = Object.entries(details)
    // Ids say nothing to a reader; the names beside them do.
    .filter(([, value]) => value !== null && value !== undefined && !UUID.test(String(value)))
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return shown.length ? `${verb} (${shown.join(', ')})` : verb;
}

/** Every audited change to the referral, oldest first. */
export function ReferralHistory({ referralId }: { referralId: string }) {
  const { data } = useResource<History>(`/referrals/${encodeURIComponent(referralId)}/history`);
  return (
    <Section title="History" className="wide">
      {!data ? (
        <p className="muted">Loading…</p>
      ) : (
        <ol className="plain-list history" data-testid="referral-history">
          {data.items.map((entry, index) => (
            <li key={index}>
              <DateTime value={entry.at} /> · {entry.actor} · {describe(entry.action, entry.details)}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

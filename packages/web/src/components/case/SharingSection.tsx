import { SHARE_CEILINGS, SHARE_KINDS, type ShareList, type ShareView } from '@sinag/core';
import { useState, type ReactNode } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useAction } from '../../useAction.ts';
import { useResource } from '../../useResource.ts';
import { DateTime } from '../DateTime.tsx';
import { Section } from '../Section.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { CaseForm, filled, Input, type Values } from './CaseForm.tsx';

type Partners = { items: { id: string; name: string; kind: string }[] };

/** Shares, referrals and transfers as a table; `actions` gives the buttons of each row. */
export function ShareTable({
  shares,
  label,
  actions,
}: {
  shares: ShareView[];
  label: string;
  actions: (share: ShareView) => ReactNode;
}) {
  return (
    <TableScroll label={label}>
      <table className="data-table" data-testid="share-table">
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Kind</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Ceiling</th>
            <th scope="col">State</th>
            <th scope="col">Requested</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shares.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.caseReference}</th>
              <td>{s.kind}</td>
              <td>{s.from.name}</td>
              <td>{s.to.name}</td>
              <td>{s.kind === 'transfer' ? '—' : `TLP:${s.ceiling}`}</td>
              <td>{s.state}</td>
              <td>
                <DateTime value={s.requestedAt} />
              </td>
              <td>{actions(s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Offers the case to another organisation: a share or referral at a ceiling, or a transfer. */
function ShareForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const partners = useResource<Partners>('/case-shares/partners');
  const { busy, error, run } = useAction();
  const [values, setValues] = useState<Values>({ kind: 'share', ceiling: 'GREEN' });
  const field = { values, onChange: setValues, error };
  return (
    <CaseForm
      label="Offer the case to another organisation"
      submit="Send request"
      busy={busy}
      error={error}
      onSubmit={async () => {
        if (await run(() => api.post(`/cases/${caseId}/shares`, filled(values)))) onDone();
      }}
    >
      <Input name="organisationId" label="Organisation" {...field} required>
        <option value="">Choose…</option>
        {partners.data?.items.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Input>
      <Input name="kind" label="Kind" {...field}>
        {SHARE_KINDS.map((k) => (
          <option key={k}>{k}</option>
        ))}
      </Input>
      <Input name="ceiling" label="Ceiling (TLP)" {...field}>
        {SHARE_CEILINGS.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </Input>
      <Input name="note" label="Note" {...field} />
    </CaseForm>
  );
}

/** Who the case is shared with, referred or transferred to, and revoking what is still live. */
export function SharingSection({ caseId }: { caseId: string }) {
  const { can } = useSession();
  const shares = useResource<ShareList>(`/cases/${caseId}/shares`);
  const canShare = can('case:share');
  const { busy, error, run } = useAction();
  const items = shares.data?.items ?? [];
  const revoke = async (id: string) => {
    if (await run(() => api.post(`/case-shares/${id}/revoke`))) shares.refresh();
  };
  return (
    <Section title="Sharing with other organisations" className="wide">
      <p className="hint">
        CLEAR shows the reference and stage; GREEN adds charges and hearings; AMBER adds the timeline and
        evidence. RED cases, the team, operations, aftercare and the identity vault are never shared.
      </p>
      {items.length === 0 ? (
        <p className="muted">Not shared with any organisation.</p>
      ) : (
        <ShareTable
          shares={items}
          label="Shares of this case"
          actions={(s) =>
            canShare && (s.state === 'requested' || (s.state === 'accepted' && s.kind !== 'transfer')) ? (
              <button type="button" className="button" disabled={busy} onClick={() => void revoke(s.id)}>
                Revoke
              </button>
            ) : null
          }
        />
      )}
      {error && (
        <p role="alert" className="form-error">
          {error.message}
        </p>
      )}
      {canShare && <ShareForm caseId={caseId} onDone={shares.refresh} />}
    </Section>
  );
}

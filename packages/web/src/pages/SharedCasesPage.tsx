import type { SharedCaseView, ShareList } from '@sinag/core';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { ShareTable } from '../components/case/SharingSection.tsx';
import { DateTime } from '../components/DateTime.tsx';
import { Fields } from '../components/Fields.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { Section } from '../components/Section.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { useSession } from '../session.tsx';
import { useAction } from '../useAction.ts';
import { useResource } from '../useResource.ts';

/** Cases other organisations offered to the caller's: accept or reject, then open at the share's ceiling. */
export function SharedCasesPage() {
  const { can } = useSession();
  const { data, error, reload, refresh } = useResource<ShareList>('/case-shares?direction=incoming');
  const { busy, error: actionError, run } = useAction();
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (!data) return <Loading label="Loading shared cases…" />;
  const decide = async (id: string, action: 'accept' | 'reject') => {
    if (await run(() => api.post(`/case-shares/${id}/${action}`))) refresh();
  };
  return (
    <article className="page" data-testid="shared-cases">
      <title>Shared with us · Sinag</title>
      <h1>Shared with us</h1>
      {actionError && (
        <p role="alert" className="form-error">
          {actionError.message}
        </p>
      )}
      {data.items.length === 0 ? (
        <p className="muted">No organisation has shared, referred or transferred a case to yours.</p>
      ) : (
        <ShareTable
          shares={data.items}
          label="Cases shared with your organisation"
          actions={(s) =>
            s.state === 'requested' && can('case:share') ? (
              <>
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => void decide(s.id, 'accept')}
                >
                  Accept
                </button>{' '}
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => void decide(s.id, 'reject')}
                >
                  Reject
                </button>
              </>
            ) : s.state === 'accepted' ? (
              <Link to={s.kind === 'transfer' ? `/cases/${s.caseId}` : `/shared-cases/${s.caseId}`}>
                Open
              </Link>
            ) : null
          }
        />
      )}
    </article>
  );
}

/** One case as the organisation it is shared with sees it: only what the ceiling lets through. */
export function SharedCasePage() {
  const { id = '' } = useParams();
  const {
    data: view,
    error,
    reload,
  } = useResource<SharedCaseView>(`/cases/${encodeURIComponent(id)}/shared`);
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (!view) return <Loading label="Loading shared case…" />;
  return (
    <article className="page detail" data-testid="shared-case">
      <title>{`${view.reference} (shared) · Sinag`}</title>
      <h1>
        {view.reference} <span className="badge badge-warn">shared at TLP:{view.ceiling}</span>
      </h1>
      <Section title="Case">
        <Fields
          fields={[
            ['Owner', view.owner.name],
            ['Stage', view.status],
            ['Classification', `TLP:${view.classification}`],
            ['Template', view.template],
          ]}
        />
      </Section>
      {view.prosecution && (
        <Section title="Prosecution" className="wide">
          <Fields
            fields={[
              ['Court', view.prosecution.court],
              ['Court case number', view.prosecution.courtCaseNumber],
            ]}
          />
          <ul className="plain-list">
            {view.prosecution.charges.map((c, i) => (
              <li key={i}>
                {c.accused}: {c.statute} ({c.counts}) — {c.verdict ?? 'pending'}
                {c.sentence ? `, ${c.sentence}` : ''}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {view.evidence && (
        <Section title="Evidence" className="wide">
          <ul className="plain-list">
            {view.evidence.map((e) => (
              <li key={e.label}>
                {e.label}: {e.description} — held by {e.custodian} ({e.custodyEntries} custody entries)
              </li>
            ))}
          </ul>
        </Section>
      )}
      {view.timeline && (
        <Section title="Timeline" className="wide">
          <TableScroll label="Timeline">
            <table className="data-table">
              <tbody>
                {view.timeline.map((e, i) => (
                  <tr key={i}>
                    <td>
                      <DateTime value={e.at} />
                    </td>
                    <td className="wrap">{e.summary}</td>
                    <td>{e.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Section>
      )}
    </article>
  );
}

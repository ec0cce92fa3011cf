import type { DeconflictionContact, DeconflictionHits, LinkedIdentifier, ReferralCluster } from '@sinag/core';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { IDENTIFIER_KIND_LABELS } from '../format.ts';
import { useResource } from '../useResource.ts';
import { DateTime } from './DateTime.tsx';
import { ErrorNotice, Loading } from './LoadState.tsx';
import { PriorityBadge } from './PriorityBadge.tsx';
import { Section } from './Section.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { TableScroll } from './TableScroll.tsx';

// Cytoscape is large: it loads when a referral with links is opened, not with the app.
const LinkGraph = lazy(() => import('./LinkGraph.tsx').then((m) => ({ default: m.LinkGraph })));

const identifiersText = (identifiers: LinkedIdentifier[]) =>
  identifiers.map((i) => `${IDENTIFIER_KIND_LABELS[i.kind]} ${i.value}`).join(', ');

const contactText = (contact: DeconflictionContact | null) =>
  contact ? [contact.name, contact.email, contact.phone].filter(Boolean).join(' · ') : 'no contact published';

function Deconfliction({ referralId }: { referralId: string }) {
  const { data, error } = useResource<DeconflictionHits>(
    `/referrals/${encodeURIComponent(referralId)}/deconfliction`,
  );
  if (error) return <ErrorNotice error={error} />;
  if (!data) return <Loading label="Checking other organisations…" />;
  if (!data.configured) return <p className="muted">Deconfliction with other organisations is not set up.</p>;
  if (!data.hits.length)
    return <p className="muted">No other organisation has published an open case with these identifiers.</p>;
  return (
    <ul className="plain-list" data-testid="deconfliction-hits">
      {data.hits.map((hit) => (
        <li key={hit.organisation} className="notice notice-info">
          <p className="notice-title">
            An open case at {hit.organisation} — contact {contactText(hit.contact)}
          </p>
          <p className="muted">
            Shares {identifiersText(hit.identifiers)} · published <DateTime value={hit.publishedAt} />
            {hit.imported && ' (another installation)'}
          </p>
        </li>
      ))}
    </ul>
  );
}

function Members({ cluster }: { cluster: ReferralCluster }) {
  return (
    <TableScroll label="Linked referrals">
      <table className="data-table" data-testid="cluster-members">
        <caption className="muted">
          {cluster.membersTotal > cluster.members.length
            ? `The ${cluster.members.length} highest-priority of ${cluster.membersTotal} linked referrals`
            : `${cluster.membersTotal} linked referrals of your organisation`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Referral</th>
            <th scope="col">Received</th>
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
            <th scope="col">Linked by</th>
          </tr>
        </thead>
        <tbody>
          {cluster.members.map((m) => (
            <tr key={m.id}>
              <td>
                <Link to={`/referrals/${m.id}`}>{m.reference}</Link>
              </td>
              <td>
                <DateTime value={m.receivedAt} />
              </td>
              <td>
                <PriorityBadge band={m.band} />
              </td>
              <td>
                <StatusBadge status={m.status} />
              </td>
              <td className="wrap">{identifiersText(m.linkedBy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function OpenCases({ cluster }: { cluster: ReferralCluster }) {
  if (!cluster.openCases.length) return <p className="muted">No open case holds a linked referral.</p>;
  return (
    <ul className="plain-list" data-testid="cluster-cases">
      {cluster.openCases.map((c, i) =>
        c.own ? (
          <li key={c.id}>
            <Link to={`/cases/${c.id}`}>{c.reference}</Link> <span className="muted">{c.title}</span>{' '}
            <StatusBadge status={c.status ?? 'open'} />
          </li>
        ) : (
          <li key={`other-${i}`}>
            An open case at {c.organisation} — contact {contactText(c.contact)}
          </li>
        ),
      )}
    </ul>
  );
}

/** The referral's cluster (linked referrals, open cases, other organisations), deconfliction hits and graph. */
export function LinkedSection({ referralId }: { referralId: string }) {
  const {
    data: cluster,
    error,
    reload,
  } = useResource<ReferralCluster>(`/referrals/${encodeURIComponent(referralId)}/cluster`);
  return (
    <Section title={cluster ? `Linked (cluster of ${cluster.size})` : 'Linked'} className="wide">
      <div data-testid="referral-linked">
        {error ? (
          <ErrorNotice error={error} onRetry={reload} />
        ) : !cluster ? (
          <Loading label="Loading linked referrals…" />
        ) : cluster.size === 1 ? (
          <p className="muted">No other referral shares an identifier with this one (yet).</p>
        ) : (
          <>
            {cluster.members.length > 0 && <Members cluster={cluster} />}
            {cluster.otherOrganisations.length > 0 && (
              <ul className="plain-list">
                {cluster.otherOrganisations.map((o) => (
                  <li key={o.organisation}>
                    {o.referrals} linked referral{o.referrals === 1 ? '' : 's'} at {o.organisation} — contact{' '}
                    {contactText(o.contact)}
                  </li>
                ))}
              </ul>
            )}
            <h3>Open cases</h3>
            <OpenCases cluster={cluster} />
            <h3>Graph</h3>
            <Suspense fallback={<Loading label="Loading the graph…" />}>
              <LinkGraph referralId={referralId} />
            </Suspense>
          </>
        )}
        <h3>Other organisations (deconfliction)</h3>
        <Deconfliction referralId={referralId} />
      </div>
    </Section>
  );
}

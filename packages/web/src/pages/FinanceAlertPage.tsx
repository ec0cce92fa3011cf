import type { FinanceAlertDetail } from '@sinag/core';
import { Link, useParams } from 'react-router';
import { DateTime } from '../components/DateTime.tsx';
import { AlertActions } from '../components/finance/AlertActions.tsx';
import { counterparties, formatTotals } from '../components/finance/counterparties.ts';
import { INDICATOR_TITLES } from '../components/finance/indicators.ts';
import { PartyNetwork } from '../components/finance/PartyNetwork.tsx';
import { PaymentsChart } from '../components/finance/PaymentsChart.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { Section } from '../components/Section.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { useSession } from '../session.tsx';
import { useResource } from '../useResource.ts';

/** One alert: why it was raised, the party's payments and network, its links, and what to do with it. */
export function FinanceAlertPage() {
  const { id } = useParams();
  const { can } = useSession();
  const loaded = useResource<FinanceAlertDetail>(`/finance/alerts/${id}`);
  const alert = loaded.data;

  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
  if (!alert) return <Loading label="Loading the alert…" />;
  const others = counterparties(alert);

  return (
    <section className="page">
      <title>{`Alert on ${alert.party.id} · Sinag`}</title>
      <p>
        <Link to="/finance/alerts">← Financial alerts</Link>
      </p>
      <div className="page-header">
        <h1>
          Alert on {alert.party.role} {alert.party.id}
          {alert.partyName && <span className="muted"> · {alert.partyName}</span>}
        </h1>
      </div>
      <dl className="fields" data-testid="alert-facts">
        <dt>Score</dt>
        <dd data-testid="alert-score">{alert.score} of 100</dd>
        <dt>Status</dt>
        <dd data-testid="alert-status">{alert.status}</dd>
        <dt>Typology</dt>
        <dd>
          {alert.typology === 'sextortion' ? 'sextortion (reverse flow)' : 'livestreamed abuse for pay'}
        </dd>
        <dt>Country</dt>
        <dd>{alert.partyCountry ?? 'not given'}</dd>
        <dt>Counterparties’ countries</dt>
        <dd>{alert.counterpartyCountries.join(', ') || 'not given'}</dd>
        <dt>Updated</dt>
        <dd>
          <DateTime value={alert.updatedAt} /> (configuration version {alert.configVersion})
        </dd>
      </dl>

      <Section title="Why it was raised">
        <ul className="plain-list" data-testid="alert-indicators">
          {alert.indicators.map((i) => (
            <li key={i.id}>
              <strong>{INDICATOR_TITLES[i.id]}</strong> <span className="muted">({i.id})</span>: {i.detail}
            </li>
          ))}
        </ul>
      </Section>

      {can('finance:manage') && (
        <Section title="Actions">
          <AlertActions alert={alert} onChange={loaded.refresh} />
        </Section>
      )}

      <Section title="Payments over time">
        <PaymentsChart alert={alert} />
        {alert.transactionsTotal > alert.transactions.length && (
          <p className="muted">
            The latest {alert.transactions.length} of {alert.transactionsTotal} payments are shown.
          </p>
        )}
      </Section>

      <Section title="Network">
        <PartyNetwork alert={alert} />
        <TableScroll label="Counterparties">
          <table className="data-table" data-testid="alert-counterparties">
            <thead>
              <tr>
                <th scope="col">Counterparty</th>
                <th scope="col">Country</th>
                <th scope="col" className="numeric">
                  Payments
                </th>
                <th scope="col" className="numeric">
                  In the alert
                </th>
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {others.map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.id}
                    {c.name && <span className="muted"> · {c.name}</span>}
                  </td>
                  <td>{c.country ?? '—'}</td>
                  <td className="numeric">{c.payments}</td>
                  <td className="numeric">{c.inAlert}</td>
                  <td>{formatTotals(c.totals)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Section>

      <Section title="Links">
        {alert.links.length === 0 ? (
          <p className="muted">No referral or case names this party yet.</p>
        ) : (
          <ul className="plain-list" data-testid="alert-links">
            {alert.links.map((l) => (
              <li key={`${l.kind}:${l.id}`}>
                <Link to={`/${l.kind === 'case' ? 'cases' : 'referrals'}/${l.id}`}>{l.reference}</Link>{' '}
                <span className="muted">
                  ({l.kind}, {l.strength === 'manual' ? 'linked by hand' : `matched on ${l.matchedBy}`})
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      {alert.actions.length > 0 && (
        <Section title="History">
          <ul className="plain-list" data-testid="alert-history">
            {alert.actions.map((a, i) => (
              <li key={i}>
                <DateTime value={a.at} /> · {a.action}
                {a.by && ` by ${a.by}`}
                {a.reason && `: ${a.reason}`}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </section>
  );
}

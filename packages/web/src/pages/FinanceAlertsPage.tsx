import { ALERT_STATUSES, type FinanceAlertPage } from '@sinag/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DateTime } from '../components/DateTime.tsx';
import { FinanceImport } from '../components/finance/FinanceImport.tsx';
import { INDICATOR_TITLES } from '../components/finance/indicators.ts';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { useSession } from '../session.tsx';
import { useResource } from '../useResource.ts';

const PAGE_SIZE = 50;
const FILTERS = ['minScore', 'party', 'country', 'status'] as const;

/** Screening alerts, highest score first, filtered by score, party, country and status (kept in the URL). */
export function FinanceAlertsPage() {
  const [params, setParams] = useSearchParams();
  const { can } = useSession();
  const [importing, setImporting] = useState(false);
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  for (const key of [...FILTERS, 'page'] as const) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  const { data, error, loading, reload } = useResource<FinanceAlertPage>(`/finance/alerts?${query}`);
  const filtered = FILTERS.some((key) => params.get(key));

  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const key of FILTERS) {
      const value = String(form.get(key) ?? '').trim();
      if (value) next[key] = value;
    }
    setParams(next);
  }

  let content;
  if (error) content = <ErrorNotice error={error} onRetry={reload} />;
  else if (!data) content = <Loading label="Loading alerts…" />;
  else if (data.total === 0)
    content = (
      <div className="empty" data-testid="finance-alerts-empty">
        <p>
          {filtered
            ? 'No alert matches these filters.'
            : 'No alerts yet. Import payment files: screening raises an alert when several indicators point at one party.'}
        </p>
      </div>
    );
  else
    content = (
      <>
        <TableScroll label="Alerts">
          <table className="data-table" data-testid="finance-alerts-table" aria-busy={loading || undefined}>
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  Score
                </th>
                <th scope="col">Party</th>
                <th scope="col">Country</th>
                <th scope="col">Indicators</th>
                <th scope="col">Status</th>
                <th scope="col">Linked</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((alert) => (
                <tr key={alert.id} data-testid="finance-alert-row">
                  <td className="numeric">
                    <strong>{alert.score}</strong>
                  </td>
                  <td>
                    <Link to={`/finance/alerts/${alert.id}`}>
                      {alert.party.role} {alert.party.id}
                    </Link>
                    {alert.partyName && <span className="muted"> · {alert.partyName}</span>}
                    {alert.typology === 'sextortion' && <span className="badge"> sextortion</span>}
                  </td>
                  <td>{alert.partyCountry ?? '—'}</td>
                  <td>
                    {alert.indicators.map((i) => (
                      <abbr key={i.id} title={INDICATOR_TITLES[i.id]} className="indicator-chip">
                        {i.id}
                      </abbr>
                    ))}
                  </td>
                  <td>{alert.status}</td>
                  <td>{alert.links.length ? alert.links.map((l) => l.reference).join(', ') : '—'}</td>
                  <td>
                    <DateTime value={alert.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <Pagination
          of={data}
          onPage={(page) => {
            const next = new URLSearchParams(params);
            next.set('page', String(page));
            setParams(next);
          }}
        />
      </>
    );

  return (
    <section className="page">
      <title>Financial alerts · Sinag</title>
      <div className="page-header">
        <h1>Financial alerts</h1>
        {can('finance:import') && (
          <button
            type="button"
            className="button"
            onClick={() => setImporting((v) => !v)}
            aria-expanded={importing}
          >
            Import payments
          </button>
        )}
      </div>
      {importing && <FinanceImport onDone={reload} />}
      <form className="filters" onSubmit={filter} aria-label="Filter alerts" key={params.toString()}>
        <div className="field">
          <label htmlFor="alerts-min-score">Score at least</label>
          <input
            id="alerts-min-score"
            name="minScore"
            type="number"
            min={0}
            max={100}
            defaultValue={params.get('minScore') ?? ''}
          />
        </div>
        <div className="field">
          <label htmlFor="alerts-party">Party id</label>
          <input id="alerts-party" name="party" defaultValue={params.get('party') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="alerts-country">Country</label>
          <input
            id="alerts-country"
            name="country"
            maxLength={2}
            placeholder="PH"
            defaultValue={params.get('country') ?? ''}
          />
        </div>
        <div className="field">
          <label htmlFor="alerts-status">Status</label>
          <select id="alerts-status" name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">Any</option>
            {ALERT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary">
            Filter
          </button>
          {filtered && (
            <button type="button" className="button" onClick={() => setParams({})}>
              Clear
            </button>
          )}
        </div>
      </form>
      {content}
    </section>
  );
}

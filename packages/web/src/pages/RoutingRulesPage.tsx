import type { RoutingRules, RoutingRulesUpdated } from '@sinag/core';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { useSession } from '../session.tsx';
import { useResource } from '../useResource.ts';

type Rule = { country: string; region: string; destination: string };

const toRow = (rule: RoutingRules['rules'][number]): Rule => ({
  country: rule.country ?? '',
  region: rule.region ?? '',
  destination: rule.destination,
});
const toRule = (row: Rule) => ({
  country: row.country.trim() || null,
  region: row.region.trim() || null,
  destination: row.destination,
});

/** The routing rules, in order; an admin edits, adds, removes and reorders them, then saves them all at once. */
export function RoutingRulesPage() {
  const { can } = useSession();
  const manage = can('routing:manage');
  const { data, error, reload } = useResource<RoutingRules>('/routing/rules');
  const [rows, setRows] = useState<Rule[]>([]);
  const [status, setStatus] = useState<{ error?: string; saved?: string }>({});
  // The rows are a draft of the rules last loaded: a new answer (after saving) replaces the draft.
  const [loaded, setLoaded] = useState<RoutingRules>();
  if (data && data !== loaded) {
    setLoaded(data);
    setRows(data.rules.map(toRow));
  }

  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (!data) return <Loading label="Loading routing rules…" />;

  const change = (i: number, field: keyof Rule, value: string) =>
    setRows(rows.map((row, j) => (j === i ? { ...row, [field]: value } : row)));
  const move = (i: number, by: number) => {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setRows(next);
  };
  async function save() {
    setStatus({});
    try {
      const result = await api.put<RoutingRulesUpdated>('/routing/rules', { rules: rows.map(toRule) });
      setStatus({ saved: `Saved. ${result.rerouting} open referrals are being routed again.` });
      reload();
    } catch (e) {
      setStatus({ error: errorMessage(e) });
    }
  }

  return (
    <article className="page" data-testid="routing-rules">
      <title>Routing rules · Sinag</title>
      <h1>Routing rules</h1>
      <p className="muted">
        The first rule whose country (and region) matches where a referral is located routes it. An empty
        country matches any; “unknown” matches a referral nothing locates. The last rule must match every
        referral.
      </p>
      <TableScroll label="Routing rules">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Country</th>
              <th scope="col">Region</th>
              <th scope="col">Destination</th>
              {manage && <th scope="col">Order</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td className="numeric">{i + 1}</td>
                {(['country', 'region', 'destination'] as const).map((field) => (
                  <td key={field}>
                    {manage ? (
                      <input
                        aria-label={`Rule ${i + 1} ${field}`}
                        value={row[field]}
                        size={field === 'destination' ? 40 : 10}
                        onChange={(e) => change(i, field, e.target.value)}
                      />
                    ) : (
                      row[field] || <span className="muted">any</span>
                    )}
                  </td>
                ))}
                {manage && (
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      Up<span className="visually-hidden"> rule {i + 1}</span>
                    </button>{' '}
                    <button
                      type="button"
                      className="button button-small"
                      disabled={i === rows.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      Down<span className="visually-hidden"> rule {i + 1}</span>
                    </button>{' '}
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setRows(rows.filter((_, j) => j !== i))}
                    >
                      Remove<span className="visually-hidden"> rule {i + 1}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {manage && (
        <p>
          <button
            type="button"
            className="button"
            onClick={() => setRows([{ country: '', region: '', destination: '' }, ...rows])}
          >
            Add a rule at the top
          </button>{' '}
          <button type="button" className="button primary" onClick={save}>
            Save rules
          </button>
        </p>
      )}
      {status.error && (
        <div className="notice notice-error" role="alert">
          <p>{status.error}</p>
        </div>
      )}
      {status.saved && (
        <div className="notice notice-info" role="status">
          <p>{status.saved}</p>
        </div>
      )}
    </article>
  );
}

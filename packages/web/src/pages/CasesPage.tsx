import type { CasePage } from '@sinag/core';
import { Link, useSearchParams } from 'react-router';
import { CaseListFilters, caseFilterQuery } from '../components/case/CaseListFilters.tsx';
import { DateTime } from '../components/DateTime.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { useResource } from '../useResource.ts';

const PAGE_SIZE = 50;

export function CasesPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const filters = caseFilterQuery(params);
  const { data, error, loading, reload } = useResource<CasePage>(
    `/cases?page=${page}&pageSize=${PAGE_SIZE}${filters.size ? `&${filters}` : ''}`,
  );
  const setFilter = (key: string, value: string) => {
    const next = caseFilterQuery(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  let content;
  if (error) {
    content = <ErrorNotice error={error} onRetry={reload} />;
  } else if (!data) {
    content = <Loading label="Loading cases…" />;
  } else if (data.total === 0) {
    content = (
      <div className="empty">
        <p>
          {filters.size ? 'No case matches these filters.' : "No cases yet. Open one from a referral's page."}
        </p>
      </div>
    );
  } else {
    content = (
      <>
        <TableScroll label="Cases">
          <table className="data-table" data-testid="cases-table" aria-busy={loading || undefined}>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Title</th>
                <th scope="col">Stage</th>
                <th scope="col">Lead</th>
                <th scope="col" className="numeric">
                  Referrals
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.id} data-testid="cases-row">
                  <td>
                    <Link to={`/cases/${item.id}`}>{item.reference}</Link>
                  </td>
                  <td>{item.title}</td>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                  <td>{item.lead?.name ?? '—'}</td>
                  <td className="numeric">{item.referralCount}</td>
                  <td>
                    <DateTime value={item.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <Pagination
          of={data}
          onPage={(next) => {
            const query = caseFilterQuery(params);
            if (next > 1) query.set('page', String(next));
            setParams(query);
          }}
        />
      </>
    );
  }

  return (
    <section className="page">
      <title>Cases · Sinag</title>
      <div className="page-header">
        <h1>Cases</h1>
        <a
          className="button"
          href={`/api/v1/cases?format=csv${filters.size ? `&${filters}` : ''}`}
          download="cases.csv"
        >
          Download CSV
        </a>
      </div>
      <CaseListFilters params={params} onChange={setFilter} />
      {content}
    </section>
  );
}

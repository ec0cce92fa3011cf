import type { Deadlines } from '@sinag/core';
import { Link, useSearchParams } from 'react-router';
import { DueDate } from '../components/case/DueDate.tsx';
import { MyTasks } from '../components/case/MyTasks.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { useResource } from '../useResource.ts';

const KIND_LABELS = {
  task: 'Task',
  preservation: 'Preservation',
  warrant: 'Warrant',
  request: 'Request',
} as const;

/** What is overdue or due soon across my cases (or the organisation's), soonest first. */
export function DeadlinesPage() {
  const [params, setParams] = useSearchParams();
  const within = params.get('within') ?? '7';
  const scope = params.get('scope') === 'organisation' ? 'organisation' : 'mine';
  const { data, error, loading, reload } = useResource<Deadlines>(
    `/deadlines?within=${within}&scope=${scope}`,
  );
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next);
  };

  let content;
  if (error) content = <ErrorNotice error={error} onRetry={reload} />;
  else if (!data) content = <Loading label="Loading deadlines…" />;
  else if (!data.items.length)
    content = (
      <div className="empty">
        <p>Nothing is overdue or due in the next {data.within} days.</p>
      </div>
    );
  else
    content = (
      <>
        <p aria-live="polite">
          <strong>{data.overdue}</strong> overdue, <strong>{data.dueSoon}</strong> due in the next{' '}
          {data.within} days
          {data.truncated && ' (the earliest shown)'}.
        </p>
        <TableScroll label="Deadlines">
          <table className="data-table" data-testid="deadlines-table" aria-busy={loading || undefined}>
            <thead>
              <tr>
                <th scope="col">Due</th>
                <th scope="col">What</th>
                <th scope="col">Kind</th>
                <th scope="col">Case</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr
                  key={`${item.kind}-${item.id}`}
                  data-testid="deadline-row"
                  data-state={item.state}
                  className={`deadline-${item.state}`}
                >
                  <td>
                    <DueDate value={item.dueAt} />
                  </td>
                  <td>{item.title}</td>
                  <td>{KIND_LABELS[item.kind]}</td>
                  <td>
                    <Link to={`/cases/${item.caseId}`}>{item.caseReference}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </>
    );

  return (
    <section className="page">
      <title>Deadlines · Sinag</title>
      <div className="page-header">
        <h1>Deadlines</h1>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="deadlines-within">Due within</label>
            <select id="deadlines-within" value={within} onChange={(e) => set('within', e.target.value)}>
              <option value="1">1 day</option>
              <option value="7">7 days</option>
              <option value="14">14 days</option>
              <option value="30">30 days</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="deadlines-scope">Cases</label>
            <select id="deadlines-scope" value={scope} onChange={(e) => set('scope', e.target.value)}>
              <option value="mine">Mine</option>
              <option value="organisation">The whole organisation</option>
            </select>
          </div>
        </div>
      </div>
      {content}
      <MyTasks />
    </section>
  );
}

import type { TaskPage } from '@sinag/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorNotice, Loading } from '../LoadState.tsx';
import { Pagination } from '../Pagination.tsx';
import { Section } from '../Section.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { useResource } from '../../useResource.ts';
import { DueDate } from './DueDate.tsx';

/** My work: the open tasks assigned to me across the organisation's cases, soonest due first. */
export function MyTasks() {
  const [page, setPage] = useState(1);
  const { data, error, reload } = useResource<TaskPage>(`/tasks/mine?page=${page}&pageSize=25`);
  let content;
  if (error) content = <ErrorNotice error={error} onRetry={reload} />;
  else if (!data) content = <Loading label="Loading my tasks…" />;
  else if (!data.total) content = <p className="muted">No open task is assigned to you.</p>;
  else
    content = (
      <>
        <TableScroll label="My tasks">
          <table className="data-table" data-testid="my-tasks">
            <thead>
              <tr>
                <th scope="col">Due</th>
                <th scope="col">Task</th>
                <th scope="col">Case</th>
                <th scope="col">Fields</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((task) => (
                <tr key={task.id}>
                  <td>
                    <DueDate value={task.dueAt} />
                  </td>
                  <td>{task.title}</td>
                  <td>
                    <Link to={`/cases/${task.caseId}`}>{task.caseReference}</Link>
                  </td>
                  <td>
                    {task.fields.length
                      ? `${task.fields.filter((f) => task.values[f.name] !== undefined).length} of ${task.fields.length} filled`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <Pagination of={data} onPage={setPage} />
      </>
    );
  return (
    <Section title="My tasks" className="wide">
      {content}
    </Section>
  );
}

import type { TaskField, TaskList, TaskView } from '@sinag/core';
import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useAction, type ActionError } from '../../useAction.ts';
import { ErrorNotice, Loading } from '../LoadState.tsx';
import { Section } from '../Section.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { ColleagueSelect } from './ColleagueSelect.tsx';
import { DueDate } from './DueDate.tsx';
import { instant, useCaseResource, type CaseSectionProps } from './useCaseResource.ts';

function FieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: TaskField;
  value: string;
  error?: ActionError;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const invalid = error?.field === `values.${field.name}`;
  const common = {
    id,
    value,
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
    'data-field': field.name,
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label} <span className="required">(required to complete)</span>
      </label>
      {field.type === 'choice' ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {field.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={field.type === 'date' ? 'date' : field.type === 'number' ? 'number' : 'text'}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {invalid && (
        <p id={`${id}-error`} className="field-error">
          {error.message}
        </p>
      )}
    </div>
  );
}

/** One task opened for work: its fields to fill, then complete (the server names a field still empty). */
function TaskWork({ task, onChanged }: { task: TaskView; onChanged: () => void }) {
  const { busy, error, run } = useAction();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(task.fields.map((f) => [f.name, String(task.values[f.name] ?? '')])),
  );
  const [assignee, setAssignee] = useState(task.assignee?.id ?? '');
  const url = `/cases/${task.caseId}/tasks/${task.id}`;
  const typed = () =>
    Object.fromEntries(
      task.fields.map((f) => {
        const v = values[f.name] ?? '';
        return [f.name, v === '' ? null : f.type === 'number' ? Number(v) : v];
      }),
    );
  const save = () => api.patch(url, { values: typed(), assigneeId: assignee || null });
  const act = async (change: () => Promise<unknown>) => {
    if (await run(change)) onChanged();
  };
  if (task.status === 'done') {
    return (
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void act(() => api.post(`${url}/reopen`))}
      >
        Reopen task
      </button>
    );
  }
  return (
    <form
      className="task-work stack"
      data-testid="task-work"
      onSubmit={(e) => {
        e.preventDefault();
        void act(save);
      }}
    >
      {task.fields.map((f) => (
        <FieldInput
          key={f.name}
          field={f}
          value={values[f.name] ?? ''}
          error={error}
          onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
        />
      ))}
      <ColleagueSelect label="Assigned to" value={assignee} onChange={setAssignee} empty="Nobody" />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Save
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              await save();
              await api.post(`${url}/complete`);
            })
          }
        >
          Save and complete
        </button>
      </div>
      <p role="alert" className="form-error">
        {error?.message}
      </p>
    </form>
  );
}

function NewTask({ caseId, onChanged }: { caseId: string; onChanged: () => void }) {
  const { busy, error, run } = useAction();
  const titleId = useId();
  const dueId = useId();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  // Chosen once per form, so a retried submission stores the task once.
  const [id, setId] = useState(() => crypto.randomUUID());
  return (
    <form
      className="inline-form"
      data-testid="new-task"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run(() => api.post(`/cases/${caseId}/tasks`, { id, title, dueAt: instant(due) ?? null }))) {
          setTitle('');
          setDue('');
          setId(crypto.randomUUID());
          onChanged();
        }
      }}
    >
      <div className="field">
        <label htmlFor={titleId}>New task</label>
        <input
          id={titleId}
          value={title}
          maxLength={200}
          required
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={dueId}>Due</label>
        <input id={dueId} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={busy || !title.trim()}>
        Add task
      </button>
      <p role="alert" className="form-error">
        {error?.message}
      </p>
    </form>
  );
}

/** The case's tasks, open ones first; each opens into its fields to fill and complete. */
export function CaseTasks({ detail, version, onChanged }: CaseSectionProps) {
  const { can } = useSession();
  const { data, error, reload } = useCaseResource<TaskList>(`/cases/${detail.id}/tasks`, version);
  const [open, setOpen] = useState<string>();
  const manage = can('case:manage') && detail.status !== 'closed';
  let content;
  if (error) content = <ErrorNotice error={error} onRetry={reload} />;
  else if (!data) content = <Loading label="Loading tasks…" />;
  else if (!data.items.length) content = <p className="muted">No tasks.</p>;
  else
    content = (
      <TableScroll label="Tasks">
        <table className="data-table" data-testid="case-tasks">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Assigned to</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col">Fields</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((task) => (
              <TaskRow
                key={task.id}
                task={task}
                open={open === task.id}
                manage={manage}
                onToggle={() => setOpen(open === task.id ? undefined : task.id)}
                onChanged={onChanged}
              />
            ))}
          </tbody>
        </table>
      </TableScroll>
    );
  return (
    <Section title="Tasks" className="wide">
      {content}
      {manage && <NewTask caseId={detail.id} onChanged={onChanged} />}
    </Section>
  );
}

function TaskRow({
  task,
  open,
  manage,
  onToggle,
  onChanged,
}: {
  task: TaskView;
  open: boolean;
  manage: boolean;
  onToggle: () => void;
  onChanged: () => void;
}) {
  const filled = task.fields.filter((f) => task.values[f.name] !== undefined).length;
  return (
    <>
      <tr data-testid="task-row" data-status={task.status}>
        <td>
          {task.title}{' '}
          {manage && (
            <button
              type="button"
              className="button button-small"
              aria-expanded={open}
              aria-label={`${open ? 'Hide' : 'Work on'} ${task.title}`}
              onClick={onToggle}
            >
              {open ? 'Hide' : 'Work on it'}
            </button>
          )}
        </td>
        <td>{task.assignee?.name ?? <span className="muted">Nobody</span>}</td>
        <td>
          <DueDate value={task.dueAt} done={task.status === 'done'} />
        </td>
        <td>
          <span className={`status status-${task.status}`}>{task.status}</span>
        </td>
        <td>{task.fields.length ? `${filled} of ${task.fields.length} filled` : '—'}</td>
      </tr>
      {open && (
        <tr>
          <td colSpan={5}>
            <TaskWork task={task} onChanged={onChanged} />
          </td>
        </tr>
      )}
    </>
  );
}

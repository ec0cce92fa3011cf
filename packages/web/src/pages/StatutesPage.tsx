import type { StatuteList, StatuteView } from '@sinag/core';
import { useState } from 'react';
import { api } from '../api.ts';
import { CaseForm, filled, Input, type Values } from '../components/case/CaseForm.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { useSession } from '../session.tsx';
import { useAction } from '../useAction.ts';
import { useResource } from '../useResource.ts';

const EMPTY: Values = { jurisdiction: '', code: '', section: '', title: '', note: '' };
const toValues = (s: StatuteView): Values => ({
  jurisdiction: s.jurisdiction,
  code: s.code,
  section: s.section,
  title: s.title,
  note: s.note ?? '',
});

/** The statute catalogue charges are brought under: admins add, correct and retire offences. */
export function StatutesPage() {
  const { can } = useSession();
  const manage = can('statute:manage');
  const { data, error, reload } = useResource<StatuteList>('/statutes?includeRetired=true');
  const { busy, error: saveError, run } = useAction();
  const [editing, setEditing] = useState<StatuteView>();
  const [values, setValues] = useState<Values>(EMPTY);
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (!data) return <Loading label="Loading the statute catalogue…" />;

  const save = async (statute: Values, active: boolean, id?: string) => {
    const body = { ...filled(statute), section: statute.section ?? '', active };
    const ok = await run(() => (id ? api.put(`/statutes/${id}`, body) : api.post('/statutes', body)));
    if (ok) {
      setEditing(undefined);
      setValues(EMPTY);
      reload();
    }
  };
  const field = { values, onChange: setValues, error: saveError };

  return (
    <article className="page" data-testid="statutes">
      <title>Statute catalogue · Sinag</title>
      <h1>Statute catalogue</h1>
      <p className="hint">
        Offences charges are brought under: jurisdiction, act or code, section and a short title.
      </p>
      <TableScroll label="Statutes">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Jurisdiction</th>
              <th scope="col">Act or code</th>
              <th scope="col">Section</th>
              <th scope="col">Title</th>
              <th scope="col">Note</th>
              <th scope="col">In use</th>
              {manage && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {data.items.map((s) => (
              <tr key={s.id} className={s.active ? undefined : 'muted'}>
                <td>{s.jurisdiction}</td>
                <th scope="row">{s.code}</th>
                <td>{s.section || '—'}</td>
                <td className="wrap">{s.title}</td>
                <td className="wrap">{s.note ?? '—'}</td>
                <td>{s.active ? 'yes' : 'retired'}</td>
                {manage && (
                  <td>
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        setEditing(s);
                        setValues(toValues(s));
                      }}
                    >
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      onClick={() => void save(toValues(s), !s.active, s.id)}
                    >
                      {s.active ? 'Retire' : 'Restore'}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {manage && (
        <>
          <h2>{editing ? `Edit ${editing.code} ${editing.section}` : 'Add an offence'}</h2>
          <CaseForm
            label={editing ? 'Edit the offence' : 'Add an offence'}
            submit={editing ? 'Save' : 'Add'}
            busy={busy}
            error={saveError}
            onSubmit={() => void save(values, editing?.active ?? true, editing?.id)}
          >
            <Input name="jurisdiction" label="Jurisdiction (country code)" {...field} required />
            <Input name="code" label="Act or code" {...field} required />
            <Input name="section" label="Section" {...field} />
            <Input name="title" label="Short title" {...field} required />
            <Input name="note" label="Note" {...field} />
          </CaseForm>
        </>
      )}
    </article>
  );
}

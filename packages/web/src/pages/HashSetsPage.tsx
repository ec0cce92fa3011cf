import type { HashSetList, HashSetView } from '@sinag/core';
import { useState } from 'react';
import { api, errorMessage } from '../api.ts';
import { DateTime } from '../components/DateTime.tsx';
import { HashSetCreateForm, KIND_LABELS } from '../components/HashSetCreateForm.tsx';
import { HashSetImport } from '../components/HashSetImport.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { useSession } from '../session.tsx';
import { useResource } from '../useResource.ts';

export function HashSetsPage() {
  const { can } = useSession();
  const manage = can('hashset:manage');
  const { data, error, loading, reload } = useResource<HashSetList>('/hash-sets');
  const [importing, setImporting] = useState<string>();
  const [toggleError, setToggleError] = useState<string>();
  // A toggle shows its new state at once; a refused change puts back what the server holds.
  const [enabled, setEnabledShown] = useState<Record<string, boolean>>({});

  async function setEnabled(set: HashSetView, value: boolean) {
    setToggleError(undefined);
    setEnabledShown((shown) => ({ ...shown, [set.id]: value }));
    try {
      await api.patch(`/hash-sets/${set.id}`, { enabled: value });
    } catch (e) {
      setToggleError(errorMessage(e));
      setEnabledShown(({ [set.id]: _refused, ...rest }) => rest);
    }
    reload();
  }

  const target = data?.items.find((s) => s.id === importing);
  let content;
  if (error) {
    content = <ErrorNotice error={error} onRetry={reload} />;
  } else if (!data) {
    content = <Loading label="Loading hash sets…" />;
  } else if (!data.items.length) {
    content = (
      <div className="empty">
        <p>
          No hash sets yet.{' '}
          {manage
            ? 'Create one above, then import a Project VIC, ICSE or plain hash list into it.'
            : 'Analysts and supervisors load them.'}
        </p>
      </div>
    );
  } else {
    content = (
      <TableScroll label="Hash sets">
        <table className="data-table" data-testid="hash-sets-table" aria-busy={loading || undefined}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Source</th>
              <th scope="col">Scheme</th>
              <th scope="col" className="numeric">
                Entries
              </th>
              <th scope="col" className="numeric">
                PDQ threshold
              </th>
              <th scope="col" className="numeric">
                Files matched
              </th>
              <th scope="col">Enabled</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((set) => (
              <tr key={set.id} data-testid="hash-set-row">
                <td>{set.name}</td>
                <td>{KIND_LABELS[set.kind]}</td>
                <td>{set.source}</td>
                <td>{set.scheme.name}</td>
                <td className="numeric">{set.entryCount.toLocaleString('en')}</td>
                <td className="numeric">{set.pdqThreshold}</td>
                <td className="numeric">{set.matchCount.toLocaleString('en')}</td>
                <td>
                  {manage ? (
                    <input
                      type="checkbox"
                      checked={enabled[set.id] ?? set.enabled}
                      aria-label={`${set.name} enabled for matching`}
                      onChange={(event) => void setEnabled(set, event.currentTarget.checked)}
                    />
                  ) : set.enabled ? (
                    'Yes'
                  ) : (
                    'No'
                  )}
                </td>
                <td>
                  <DateTime value={set.createdAt} />
                </td>
                <td className="actions">
                  {manage && (
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Import into ${set.name}`}
                      onClick={() => setImporting(set.id)}
                    >
                      Import
                    </button>
                  )}{' '}
                  <a
                    className="button button-small"
                    href={`/api/v1/hash-sets/${set.id}/export`}
                    download
                    aria-label={`Export ${set.name} as VICS 2.0 JSON`}
                  >
                    Export
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    );
  }

  return (
    <section className="page">
      <title>Hash sets · Sinag</title>
      <div className="page-header">
        <h1>Hash sets</h1>
      </div>
      <p className="page-intro">
        Known material raises an alert when a referral’s file matches it; an allow-list (known benign or viral
        images) suppresses one. Sinag keeps hashes and metadata only.
      </p>
      {manage && (
        <HashSetCreateForm
          onCreated={(set) => {
            reload();
            setImporting(set.id);
          }}
        />
      )}
      {toggleError && (
        <p role="alert" className="form-error">
          {toggleError}
        </p>
      )}
      {content}
      {target && <HashSetImport key={target.id} set={target} onDone={reload} />}
    </section>
  );
}

import {
  DEFAULT_PDQ_THRESHOLD,
  type CategoryScheme,
  type HashSetCreateInput,
  type HashSetKind,
  type HashSetView,
} from '@sinag/core';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../api.ts';
import { useResource } from '../useResource.ts';

export const KIND_LABELS: Record<HashSetKind, string> = { known: 'Known material', allow: 'Allow-list' };
const SOURCES = ['project-vic', 'icse', 'ncmec', 'own'];

/** Creates an empty set; the page then offers to import a file into it. */
export function HashSetCreateForm({ onCreated }: { onCreated: (set: HashSetView) => void }) {
  const schemes = useResource<{ items: CategoryScheme[] }>('/category-schemes');
  const [error, setError] = useState<{ message: string; field?: string }>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const input: HashSetCreateInput = {
      name: String(data.get('name')),
      source: String(data.get('source')),
      scheme: String(data.get('scheme')),
      kind: data.get('kind') as HashSetKind,
      pdqThreshold: Number(data.get('pdqThreshold')),
    };
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await api.post<HashSetView>('/hash-sets', input));
      form.reset();
    } catch (e) {
      setError({ message: errorMessage(e), field: e instanceof ApiError ? e.field : undefined });
    } finally {
      setBusy(false);
    }
  }

  const invalid = (field: string) => (error?.field === field ? true : undefined);
  return (
    <form className="card hash-set-form" onSubmit={submit} aria-labelledby="new-hash-set">
      <h2 id="new-hash-set">New hash set</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="hs-name">Name</label>
          <input id="hs-name" name="name" required maxLength={200} aria-invalid={invalid('name')} />
        </div>
        <div className="field">
          <label htmlFor="hs-kind">Kind</label>
          <select id="hs-kind" name="kind" defaultValue="known">
            {Object.entries(KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="hs-source">Source</label>
          <input id="hs-source" name="source" list="hs-sources" defaultValue="own" required maxLength={100} />
          <datalist id="hs-sources">
            {SOURCES.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="hs-scheme">Category scheme</label>
          <select id="hs-scheme" name="scheme" defaultValue="unclassified" aria-invalid={invalid('scheme')}>
            {(schemes.data?.items ?? [{ id: 'unclassified', name: 'No scheme' }]).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="hs-threshold">PDQ threshold (0–64)</label>
          <input
            id="hs-threshold"
            name="pdqThreshold"
            type="number"
            min={0}
            max={64}
            step={1}
            required
            defaultValue={DEFAULT_PDQ_THRESHOLD}
            className="input-short"
            aria-invalid={invalid('pdqThreshold')}
          />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          Create hash set
        </button>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error.message}
        </p>
      )}
    </form>
  );
}

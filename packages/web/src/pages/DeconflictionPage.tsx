import type { DeconflictionContact, DeconflictionPublication, DeconflictionPublishInput } from '@sinag/core';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage } from '../api.ts';
import { DateTime } from '../components/DateTime.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { useResource } from '../useResource.ts';

const CONTACT_FIELDS = [
  { name: 'name', label: 'Name or desk', required: true, maxLength: 200 },
  { name: 'email', label: 'Email', type: 'email', maxLength: 200 },
  { name: 'phone', label: 'Phone', maxLength: 50 },
] as const;

/** The contact as typed: empty optional fields are left out. */
function contactOf(data: FormData): DeconflictionContact {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  return {
    name: text('name'),
    ...(text('email') ? { email: text('email') } : {}),
    ...(text('phone') ? { phone: text('phone') } : {}),
  };
}

/**
 * Publishing the organisation's deconfliction hashes: keyed hashes of the identifiers in its open cases,
 * with whom other organisations should call on a hit.
 */
export function DeconflictionPage() {
  const { data, error, reload } = useResource<DeconflictionPublication>('/deconfliction/publication');
  const [failure, setFailure] = useState<{ message: string; field?: string }>();
  const [busy, setBusy] = useState(false);

  async function publish(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input: DeconflictionPublishInput = { contact: contactOf(new FormData(event.currentTarget)) };
    setBusy(true);
    setFailure(undefined);
    try {
      await api.post<DeconflictionPublication>('/deconfliction/publish', input);
      reload();
    } catch (e) {
      setFailure({ message: errorMessage(e), field: e instanceof ApiError ? e.field : undefined });
    } finally {
      setBusy(false);
    }
  }

  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (!data) return <Loading label="Loading the publication…" />;
  const invalid = (field: string) => (failure?.field === `contact.${field}` ? true : undefined);
  return (
    <section className="page">
      <title>Deconfliction · Sinag</title>
      <div className="page-header">
        <h1>Deconfliction</h1>
      </div>
      <p className="page-intro">
        Other organisations learn that {data.organisation} has an open case on an identifier they hold, and
        whom to call — never the identifier or the case. What is published is a keyed hash (HMAC-SHA-256 with
        the federation key) of each email, phone, account and device id in your open cases. Once published,
        the publication follows your open cases by itself: opening, closing or reopening a case, or adding
        referrals to one, publishes it again within seconds with the same contact.
      </p>
      <p data-testid="deconfliction-status">
        {data.publishedAt ? (
          <>
            Published <DateTime value={data.publishedAt} />: {data.hashes} identifiers.
          </>
        ) : (
          'Not published yet.'
        )}
      </p>
      <form className="card" onSubmit={publish} aria-labelledby="deconfliction-contact">
        <h2 id="deconfliction-contact">Contact shown on a hit</h2>
        <div className="form-grid">
          {CONTACT_FIELDS.map(({ name, label, ...attributes }) => (
            <div className="field" key={name}>
              <label htmlFor={`dc-${name}`}>{label}</label>
              <input
                id={`dc-${name}`}
                name={name}
                {...attributes}
                defaultValue={data.contact?.[name]}
                aria-invalid={invalid(name)}
              />
            </div>
          ))}
        </div>
        {failure && (
          <p role="alert" className="form-error">
            {failure.message}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Publishing…' : 'Publish'}
        </button>
      </form>
      <p className="muted">
        Another Sinag installation sharing the federation key takes the publication as a file:{' '}
        <code>sinag deconfliction export</code> here, <code>sinag deconfliction import</code> there.
      </p>
    </section>
  );
}

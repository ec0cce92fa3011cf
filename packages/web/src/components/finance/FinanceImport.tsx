import type { FinanceImportResult } from '@sinag/core';
import { useState, type FormEvent } from 'react';
import { errorMessage, upload } from '../../api.ts';

const REJECTIONS_SHOWN = 20;

/** Uploads a payment file (CSV or JSON lines, gzip accepted) for import and screening, and shows the counts. */
export function FinanceImport({ onDone }: { onDone: () => void }) {
  const [sent, setSent] = useState<{ bytes: number; total: number }>();
  const [result, setResult] = useState<FinanceImportResult>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get('file') as File;
    const source = String(data.get('source') ?? '').trim();
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(
        await upload<FinanceImportResult>(
          `/finance/transactions?source=${encodeURIComponent(source)}`,
          file,
          (bytes, total) => setSent({ bytes, total }),
        ),
      );
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="finance-import-title">
      <h2 id="finance-import-title">Import payments</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="finance-import-file">File (CSV in the default layout, or JSON lines)</label>
          <input id="finance-import-file" name="file" type="file" required disabled={running} />
        </div>
        <div className="field">
          <label htmlFor="finance-import-source">Source</label>
          <input
            id="finance-import-source"
            name="source"
            required
            placeholder="e.g. remitter-a"
            disabled={running}
          />
        </div>
      </div>
      <p className="hint">
        Payments the source sent before are not added again. Bad rows are skipped and listed. Gzip is
        accepted.
      </p>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={running}>
          {running ? 'Importing and screening…' : 'Import'}
        </button>
      </div>
      {sent && running && <progress max={sent.total || 1} value={sent.bytes} aria-label="Upload progress" />}
      {result && (
        <div role="status" data-testid="finance-import-result">
          <p>
            {result.rows} rows read: {result.imported} new, {result.alreadyPresent} already present,{' '}
            {result.rejectedCount} rejected. Screening raised {result.screening.alertsRaised} alerts and
            updated {result.screening.alertsUpdated}.
          </p>
          {result.rejected.length > 0 && (
            <ul className="plain-list">
              {result.rejected.slice(0, REJECTIONS_SHOWN).map((r) => (
                <li key={r.line}>
                  line {r.line}: {r.reason}
                </li>
              ))}
              {result.rejectedCount > REJECTIONS_SHOWN && (
                <li>… and {result.rejectedCount - REJECTIONS_SHOWN} more</li>
              )}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </form>
  );
}

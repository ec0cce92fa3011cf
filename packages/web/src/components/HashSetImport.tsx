import { HASH_LIST_FORMATS, type HashListFormat, type HashSetImportJob, type HashSetView } from '@sinag/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, errorMessage, upload } from '../api.ts';

const FORMAT_LABELS: Record<HashListFormat, string> = {
  vics: 'Project VIC / VICS JSON',
  icse: 'Interpol ICSE CSV',
  md5: 'MD5 list',
  sha1: 'SHA-1 list',
  sha256: 'SHA-256 list',
  pdq: 'PDQ list',
};

/** How often the job's counts are asked for while the file uploads. */
const POLL_MS = 700;
const ERRORS_SHOWN = 10;

/** A random UUID also where crypto.randomUUID is missing (a page served over plain HTTP). */
function jobId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** "340 KiB", "12.5 MiB": a size a person reads at a glance. */
const size = (bytes: number) =>
  bytes < 1048576 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;

/** Imports a file into one set: the upload's progress, the job's counts as it runs, then what was rejected. */
export function HashSetImport({ set, onDone }: { set: HashSetView; onDone: () => void }) {
  const [sent, setSent] = useState<{ bytes: number; total: number }>();
  const [job, setJob] = useState<HashSetImportJob>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const poll = useRef<ReturnType<typeof setInterval>>(undefined);
  useEffect(() => () => clearInterval(poll.current), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get('file') as File;
    const format = data.get('format') as HashListFormat;
    const id = jobId();
    setRunning(true);
    setError(undefined);
    setJob(undefined);
    setSent({ bytes: 0, total: file.size });
    poll.current = setInterval(() => {
      // Until the server has started the job it answers 404: the next poll will find it.
      api.get<HashSetImportJob>(`/hash-sets/${set.id}/imports/${id}`).then(setJob, () => {});
    }, POLL_MS);
    try {
      const done = await upload<HashSetImportJob>(
        `/hash-sets/${set.id}/import?format=${format}&job=${id}`,
        file,
        (bytes, total) => setSent({ bytes, total }),
      );
      setJob(done);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      clearInterval(poll.current);
      setRunning(false);
      onDone();
    }
  }

  return (
    <form className="card hash-set-import" onSubmit={submit} aria-labelledby="import-title">
      <h2 id="import-title">Import into “{set.name}”</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="import-file">File</label>
          <input id="import-file" name="file" type="file" required disabled={running} />
        </div>
        <div className="field">
          <label htmlFor="import-format">Format</label>
          <select id="import-format" name="format" defaultValue="vics" disabled={running}>
            {HASH_LIST_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="hint">
        Entries already in the set are not added again: importing a file a second time completes an import
        that stopped. Gzip-compressed files are accepted.
      </p>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={running}>
          {running ? 'Importing…' : 'Import'}
        </button>
      </div>
      {sent && (
        <div className="import-progress" data-testid="import-progress">
          <progress max={sent.total || 1} value={sent.bytes} aria-label="Upload progress" />
          <p role="status">
            {size(sent.bytes)} of {size(sent.total)} sent
            {job &&
              ` · ${job.processed} records read: ${job.imported} new, ${job.duplicates} already present, ${job.rejected} rejected`}
            {job?.status === 'completed' && ' · done'}
          </p>
        </div>
      )}
      {job && !running && <ImportSummary job={job} />}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </form>
  );
}

function ImportSummary({ job }: { job: HashSetImportJob }) {
  if (!job.errors.length && !job.failure) return null;
  return (
    <div className="notice" data-testid="import-errors">
      {job.failure && <p>{job.failure}</p>}
      {job.errors.length > 0 && (
        <>
          <p>
            {job.rejected} record{job.rejected === 1 ? ' was' : 's were'} skipped
            {job.rejected > ERRORS_SHOWN ? `; the first ${ERRORS_SHOWN}` : ''}:
          </p>
          <ul className="plain-list">
            {job.errors.slice(0, ERRORS_SHOWN).map((e) => (
              <li key={`${e.record}-${e.line}`}>
                Line {e.line}: {e.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

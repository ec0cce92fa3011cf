import {
  BAND_LABELS,
  BANDS,
  type Band,
  type TriageConfig,
  type TriageConfigVersions,
  type TriageConfigView,
} from '@sinag/core';
import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { DateTime } from '../components/DateTime.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { Section } from '../components/Section.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { useAction } from '../useAction.ts';
import { useResource } from '../useResource.ts';

const THRESHOLD_BANDS = ['P1', 'P2', 'P3'] as const;

/** A number per band (a threshold, a target); empty is null. */
function BandNumber({
  band,
  field,
  value,
  placeholder,
  invalid,
  onChange,
}: {
  band: Band;
  field: string;
  value: number | null;
  placeholder?: string;
  invalid?: true;
  onChange: (value: number | null) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={field}>
        {band} — {BAND_LABELS[band]}
      </label>
      <input
        id={field}
        type="number"
        min={1}
        placeholder={placeholder}
        value={value ?? ''}
        aria-invalid={invalid}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      />
    </div>
  );
}

/** The factor table, thresholds and targets as an admin edits them; saving makes a new version. */
function ConfigForm({ current, onSaved }: { current: TriageConfigView; onSaved: () => void }) {
  const [config, setConfig] = useState<TriageConfig>(current.config);
  const [saved, setSaved] = useState<number>();
  const { busy, error, run } = useAction();
  const invalid = (field: string) => error?.field === field || undefined;

  const setFactor = (index: number, change: Partial<TriageConfig['factors'][number]>) =>
    setConfig((c) => ({ ...c, factors: c.factors.map((f, i) => (i === index ? { ...f, ...change } : f)) }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const saving = run(async () =>
      setSaved((await api.put<TriageConfigView>('/triage/config', config)).version),
    );
    if (await saving) onSaved();
  }

  return (
    <form onSubmit={submit} data-testid="triage-config-form">
      <Section title={`Factors (version ${current.version} in force)`} className="wide">
        <TableScroll label="Factors">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Factor</th>
                <th scope="col" className="numeric">
                  Weight
                </th>
                <th scope="col">Counts</th>
              </tr>
            </thead>
            <tbody>
              {config.factors.map((factor, i) => (
                <tr key={factor.name}>
                  <td className="wrap">
                    {factor.label} <span className="muted mono">{factor.name}</span>
                  </td>
                  <td className="numeric">
                    <input
                      type="number"
                      className="weight-input"
                      aria-label={`Weight of ${factor.label}`}
                      value={factor.weight}
                      min={-100}
                      max={100}
                      aria-invalid={invalid(`factors[${i}].weight`)}
                      onChange={(e) => setFactor(i, { weight: Number(e.target.value) })}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${factor.label} counts`}
                      checked={factor.enabled}
                      onChange={(e) => setFactor(i, { enabled: e.target.checked })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Section>
      <div className="detail-grid">
        <Section title="Lowest score of each band">
          {THRESHOLD_BANDS.map((band) => (
            <BandNumber
              key={band}
              band={band}
              field={`thresholds.${band}`}
              value={config.thresholds[band]}
              invalid={invalid(`thresholds.${band}`)}
              onChange={(value) =>
                setConfig((c) => ({ ...c, thresholds: { ...c.thresholds, [band]: value ?? 0 } }))
              }
            />
          ))}
          <p className="muted">Below P3’s score a referral is P4. An escalation is always P1.</p>
        </Section>
        <Section title="Response targets (hours)">
          {BANDS.map((band) => (
            <BandNumber
              key={band}
              band={band}
              field={`targetHours.${band}`}
              value={config.targetHours[band]}
              placeholder="No target"
              invalid={invalid(`targetHours.${band}`)}
              onChange={(value) =>
                setConfig((c) => ({ ...c, targetHours: { ...c.targetHours, [band]: value } }))
              }
            />
          ))}
          <p className="muted">RA 11862 gives police 10 days (240 hours) to open an investigation.</p>
        </Section>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
      {saved && (
        <p className="notice notice-info" role="status">
          Version {saved} saved: referrals not closed are being scored with it.
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        Save as a new version
      </button>
    </form>
  );
}

export function TriageConfigPage() {
  const current = useResource<TriageConfigView>('/triage/config');
  const versions = useResource<TriageConfigVersions>('/triage/config/versions');
  const reload = () => {
    current.reload();
    versions.reload();
  };
  if (current.error) return <ErrorNotice error={current.error} onRetry={reload} />;
  if (!current.data) return <Loading label="Loading the triage configuration…" />;
  return (
    <section className="page">
      <title>Triage configuration · Sinag</title>
      <div className="page-header">
        <h1>Triage configuration</h1>
      </div>
      <ConfigForm key={current.data.version} current={current.data} onSaved={reload} />
      <Section title="Versions" className="wide">
        <ol className="plain-list" data-testid="triage-config-versions">
          {versions.data?.items.map((v) => (
            <li key={v.version}>
              Version {v.version} · {v.createdBy ?? 'built in'} · <DateTime value={v.createdAt} />
            </li>
          ))}
        </ol>
      </Section>
    </section>
  );
}

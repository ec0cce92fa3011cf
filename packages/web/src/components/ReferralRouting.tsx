import type { GeoSignal, ReferralDetail } from '@sinag/core';
import { countryName, regionText } from '../format.ts';
import { Section } from './Section.tsx';
import { TableScroll } from './TableScroll.tsx';

const SOURCE_LABELS: Record<GeoSignal['source'], string> = {
  report: 'Report',
  ip: 'IP address',
  phone: 'Phone number',
};

/** DB-IP's licence (CC BY 4.0) asks for this wherever its results are shown. */
export function DbIpAttribution() {
  return (
    <p className="muted attribution">
      <a href="https://db-ip.com/">IP geolocation by DB-IP</a>
    </p>
  );
}

/** Where a referral was routed and why, and every signal of where its people are, conflicts marked. */
export function ReferralRouting({ detail }: { detail: ReferralDetail }) {
  const { geolocation, routing } = detail;
  if (!geolocation || !routing) {
    return (
      <Section title="Routing" className="wide">
        <p className="muted">Not routed yet: this referral is waiting its turn to be located.</p>
      </Section>
    );
  }
  const conflicting = new Set(geolocation.conflicts.flatMap((c) => c.signals));
  return (
    <Section title="Routing" className="wide">
      <div data-testid="referral-routing">
        <p>
          Routed to <strong>{routing.destination}</strong>
        </p>
        <p className="prose">{routing.reason}</p>
        {geolocation.conflicts.length > 0 && (
          <div className="notice notice-warning" role="note" data-testid="routing-conflicts">
            <p className="notice-title">The signals disagree</p>
            <ul className="plain-list">
              {geolocation.conflicts.map((c) => (
                <li key={`${c.kind} ${c.other}`}>
                  {c.signals.length} signal{c.signals.length > 1 ? 's' : ''} point to{' '}
                  {c.kind === 'country' ? countryName(c.other) : regionText(c.other)}, not{' '}
                  {c.kind === 'country' ? countryName(c.chosen) : regionText(c.chosen)}
                </li>
              ))}
            </ul>
          </div>
        )}
        <TableScroll label="Location signals">
          <table className="data-table" data-testid="geolocation-signals">
            <thead>
              <tr>
                <th scope="col">Signal</th>
                <th scope="col">Identifier or field</th>
                <th scope="col">Country</th>
                <th scope="col">Region</th>
                <th scope="col">City</th>
              </tr>
            </thead>
            <tbody>
              {geolocation.signals.map((signal, i) => (
                <tr key={i} className={conflicting.has(i) ? 'conflict' : undefined}>
                  <td>
                    {SOURCE_LABELS[signal.source]}
                    {conflicting.has(i) && <span className="badge badge-warrant">conflict</span>}
                  </td>
                  <td>
                    <code>{signal.identifier ?? signal.field}</code>
                  </td>
                  <td>{countryName(signal.country)}</td>
                  <td>{signal.region && regionText(signal.region)}</td>
                  <td>{signal.city}</td>
                </tr>
              ))}
              {geolocation.unlocated.map((u) => (
                <tr key={u.field}>
                  <td>Not placed</td>
                  <td>
                    <code>{u.identifier}</code>
                  </td>
                  <td colSpan={3} className="muted">
                    {u.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <DbIpAttribution />
      </div>
    </Section>
  );
}

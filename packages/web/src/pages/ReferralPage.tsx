import { INCIDENT_TYPES } from '@sinag/core';
import type { NormalisedReferral, ReferralDetail } from '@sinag/core';
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { DateTime } from '../components/DateTime.tsx';
import { Fields } from '../components/Fields.tsx';
import { LinkedSection } from '../components/LinkedSection.tsx';
import { ReferralFinancialAlerts } from '../components/finance/ReferralFinancialAlerts.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { OpenCaseButton } from '../components/OpenCaseButton.tsx';
import { PriorityBadge } from '../components/PriorityBadge.tsx';
import { PrioritySection } from '../components/PrioritySection.tsx';
import { ReferralFiles } from '../components/ReferralFiles.tsx';
import { ReferralHistory } from '../components/ReferralHistory.tsx';
import { ReferralWork } from '../components/ReferralWork.tsx';
import { ReferralRouting } from '../components/ReferralRouting.tsx';
import { ReportedPersons } from '../components/ReportedPersons.tsx';
import { Section } from '../components/Section.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { TableScroll } from '../components/TableScroll.tsx';
import { countryName, humanise, regionText, REPORTER_KIND_LABELS, SOURCE_LABELS } from '../format.ts';
import { useResource } from '../useResource.ts';
import type { CreatedState } from './NewReferralPage.tsx';

/** A child's age as given: exact years, else the estimate. */
function ageText(victim: ReferralDetail['victims'][number]): string | undefined {
  if (victim.ageYears != null) return `${victim.ageYears} ${victim.ageYears === 1 ? 'year' : 'years'}`;
  return victim.ageEstimate ?? undefined;
}

export function ReferralPage() {
  const { id = '' } = useParams();
  const saved = (useLocation().state as CreatedState | null)?.created;
  const {
    data: detail,
    error,
    loading,
    reload,
    refresh,
  } = useResource<ReferralDetail>(`/referrals/${encodeURIComponent(id)}`);
  // Bumped after each action on the page, so the history below loads again.
  const [changes, setChanges] = useState(0);
  // Files are matched against the hash sets in the background, within moments of intake, and what they
  // matched is then scored into the priority: look again until both are done.
  const settling = detail?.rescoring || detail?.files.some((f) => f.matching.status === 'pending');
  useEffect(() => {
    if (!settling) return;
    const timer = setTimeout(refresh, 1000);
    return () => clearTimeout(timer);
  }, [settling, detail, refresh]);
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (loading || !detail) return <Loading label="Loading referral…" />;

  // `data` is the canonical referral the server stored after normalising it.
  const referral = detail.data as unknown as NormalisedReferral;
  const { incident, reporter } = referral;
  // Referrals stored before these fields existed have neither.
  const evidence = referral.evidenceReferences ?? [];
  const victims = detail.victims ?? [];
  // Whom to ask follow-up questions: shown only when the reporter gave it.
  const contact = (
    [
      ['Contact', reporter.contactName],
      ['Email', reporter.email],
      ['Phone', reporter.phone],
    ] as const
  ).filter(([, value]) => value) as [string, string][];

  return (
    <article className="page detail" data-testid="referral-detail">
      <title>{`${detail.reference} · Sinag`}</title>
      <div className="page-header">
        <div className="title-line">
          <h1>{detail.reference}</h1>
          <PriorityBadge band={detail.band} overridden={detail.overridden} />
          <StatusBadge status={detail.status} />
        </div>
        <OpenCaseButton referralId={detail.id} />
      </div>

      {saved?.id === detail.id && (
        <div className="notice notice-info" role="status" data-testid="referral-saved">
          <p>
            {saved.replayed
              ? `This referral was already saved as ${saved.reference}; it was not saved twice.`
              : `Referral ${saved.reference} is saved.`}
          </p>
        </div>
      )}

      {incident.escalation && (
        <div className="notice notice-danger" role="alert">
          <p className="notice-title">Escalation: the reporter flagged an immediate risk to a child</p>
          <p className="prose">{incident.escalation}</p>
        </div>
      )}

      <PrioritySection detail={detail} onChanged={refresh} />

      <div className="detail-grid">
        <Section title="Incident">
          <Fields
            fields={[
              ['Type', INCIDENT_TYPES[incident.type]],
              ['Occurred', <DateTime value={detail.incidentAt} />],
              ['Received', <DateTime value={detail.receivedAt} />],
              ['Source', SOURCE_LABELS[detail.source]],
              ['Summary', incident.summary && <span className="prose">{incident.summary}</span>],
            ]}
          />
        </Section>

        <Section title="Reporter">
          <Fields
            fields={[
              ['Name', reporter.name],
              ['Kind', REPORTER_KIND_LABELS[reporter.kind] ?? humanise(reporter.kind)],
              ['Country', reporter.country && countryName(reporter.country)],
              ...contact,
            ]}
          />
        </Section>

        <Section title="Location">
          <Fields
            fields={[
              ['City', referral.location?.city],
              ['Region', referral.location?.region && regionText(referral.location.region)],
              ['Country', referral.location?.country && countryName(referral.location.country)],
            ]}
          />
        </Section>

        <Section title="External ids">
          {referral.externalIds.length === 0 ? (
            <p className="muted">None given.</p>
          ) : (
            <Fields
              fields={referral.externalIds.map((external) => [external.system, <code>{external.id}</code>])}
            />
          )}
        </Section>

        <Section title="Cases">
          {detail.cases.length === 0 ? (
            <p className="muted">Not part of any case yet.</p>
          ) : (
            <ul className="plain-list">
              {detail.cases.map((linked) => (
                <li key={linked.id}>
                  <Link to={`/cases/${linked.id}`}>{linked.reference}</Link>{' '}
                  <span className="muted">{linked.title}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>

      {referral.notes && (
        <Section title="Notes">
          <p className="prose">{referral.notes}</p>
        </Section>
      )}
      {detail.notes.length > 0 && (
        <Section title={`Added after intake (${detail.notes.length})`} className="wide">
          <ol className="plain-list" data-testid="referral-follow-ups">
            {detail.notes.map((note, index) => (
              <li key={index}>
                <p className="muted">
                  <DateTime value={note.at} /> ·{' '}
                  {note.source === 'public-follow-up' ? 'Follow-up from the reporter' : note.source}
                </p>
                <p className="prose">{note.text}</p>
              </li>
            ))}
          </ol>
        </Section>
      )}
      <ReferralRouting detail={detail} />
      <ReportedPersons persons={referral.reportedPersons} />
      <LinkedSection referralId={detail.id} />
      <ReferralFinancialAlerts referralId={detail.id} />
      {victims.length > 0 && (
        <Section title={`Children (pseudonymous) (${victims.length})`} className="wide">
          <TableScroll label="Children">
            <table className="data-table" data-testid="referral-children">
              <thead>
                <tr>
                  <th scope="col">Pseudonym</th>
                  <th scope="col">Age</th>
                  <th scope="col">Region</th>
                </tr>
              </thead>
              <tbody>
                {victims.map((victim) => (
                  <tr key={victim.pseudonym}>
                    <td className="mono">{victim.pseudonym}</td>
                    <td>{ageText(victim) ?? <span className="muted">—</span>}</td>
                    <td>{victim.region ? regionText(victim.region) : <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Section>
      )}
      {evidence.length > 0 && (
        <Section title={`Evidence held elsewhere (${evidence.length})`} className="wide">
          <TableScroll label="Evidence held elsewhere">
            <table className="data-table" data-testid="referral-evidence">
              <thead>
                <tr>
                  <th scope="col">Description</th>
                  <th scope="col">Held by</th>
                  <th scope="col">Reference</th>
                </tr>
              </thead>
              <tbody>
                {evidence.map((item, index) => (
                  <tr key={index}>
                    <td className="wrap">{item.description}</td>
                    <td className="wrap">{item.heldBy}</td>
                    <td className="mono wrap">{item.reference ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </Section>
      )}
      <ReferralFiles files={detail.files} />
      <ReferralWork
        key={`${detail.status} ${detail.assignee?.id}`}
        detail={detail}
        onChanged={() => {
          setChanges((n) => n + 1);
          refresh();
        }}
      />
      <ReferralHistory key={changes} referralId={detail.id} />
    </article>
  );
}

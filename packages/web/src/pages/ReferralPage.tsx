import { INCIDENT_TYPES } from '@sinag/core';
import type { NormalisedReferral, ReferralDetail } from '@sinag/core';
import { Link, useParams } from 'react-router';
import { DateTime } from '../components/DateTime.tsx';
import { Fields } from '../components/Fields.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { OpenCaseButton } from '../components/OpenCaseButton.tsx';
import { PriorityBadge } from '../components/PriorityBadge.tsx';
import { ReferralFiles } from '../components/ReferralFiles.tsx';
import { ReportedPersons } from '../components/ReportedPersons.tsx';
import { Section } from '../components/Section.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { countryName, humanise, regionText, SOURCE_LABELS } from '../format.ts';
import { useResource } from '../useResource.ts';

export function ReferralPage() {
  const { id = '' } = useParams();
  const {
    data: detail,
    error,
    loading,
    reload,
  } = useResource<ReferralDetail>(`/referrals/${encodeURIComponent(id)}`);
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (loading || !detail) return <Loading label="Loading referral…" />;

  // `data` is the canonical referral the server stored after normalising it.
  const referral = detail.data as unknown as NormalisedReferral;
  const { incident, reporter } = referral;

  return (
    <article className="page detail" data-testid="referral-detail">
      <title>{`${detail.reference} · Sinag`}</title>
      <div className="page-header">
        <div className="title-line">
          <h1>{detail.reference}</h1>
          <PriorityBadge priority={detail.priority} score={detail.priorityScore} />
          <StatusBadge status={detail.status} />
        </div>
        <OpenCaseButton referralId={detail.id} />
      </div>

      {incident.escalation && (
        <div className="notice notice-danger" role="alert">
          <p className="notice-title">Escalation: the reporter flagged an immediate risk to a child</p>
          <p className="prose">{incident.escalation}</p>
        </div>
      )}

      <div className="detail-grid">
        <Section title="Why this priority">
          {detail.priorityReasons.length === 0 ? (
            <p className="muted">No priority factor applies.</p>
          ) : (
            <ul className="reasons">
              {detail.priorityReasons.map((reason) => (
                <li key={reason.factor}>
                  <span className="points">+{reason.points}</span>
                  <span>{reason.explanation}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="muted">
            Score {detail.priorityScore}: {humanise(detail.priority)}
          </p>
        </Section>

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
              ['Kind', humanise(reporter.kind)],
              ['Country', reporter.country && countryName(reporter.country)],
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
      <ReportedPersons persons={referral.reportedPersons} />
      <ReferralFiles files={detail.files} />
    </article>
  );
}

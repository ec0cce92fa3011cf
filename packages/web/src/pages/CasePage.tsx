import type { CaseDetail } from '@sinag/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { CaseLegal } from '../components/case/CaseLegal.tsx';
import { CasePeople } from '../components/case/CasePeople.tsx';
import { CaseStages } from '../components/case/CaseStages.tsx';
import { CaseTasks } from '../components/case/CaseTasks.tsx';
import { CaseTimeline } from '../components/case/CaseTimeline.tsx';
import { CaseReportLink } from '../components/case/CaseReportLink.tsx';
import { EvidenceSection } from '../components/case/EvidenceSection.tsx';
import { ProsecutionSection } from '../components/case/ProsecutionSection.tsx';
import { SharingSection } from '../components/case/SharingSection.tsx';
import { DateTime } from '../components/DateTime.tsx';
import { Fields } from '../components/Fields.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { ReferralTable } from '../components/ReferralTable.tsx';
import { CaseSubjects } from '../components/case/CaseSubjects.tsx';
import { CaseVictims } from '../components/case/CaseVictims.tsx';
import { CaseOperations } from '../components/case/CaseOperations.tsx';
import { CaseAftercare } from '../components/case/CaseAftercare.tsx';
import { Section } from '../components/Section.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useResource } from '../useResource.ts';

export function CasePage() {
  const { id = '' } = useParams();
  const {
    data: detail,
    error,
    loading,
    reload,
    refresh,
  } = useResource<CaseDetail>(`/cases/${encodeURIComponent(id)}`);
  // Bumped by every change made on the page: each section then fetches its part again.
  const [version, setVersion] = useState(0);
  const changed = () => {
    refresh();
    setVersion((v) => v + 1);
  };
  if (error) return <ErrorNotice error={error} onRetry={reload} />;
  if (loading || !detail) return <Loading label="Loading case…" />;

  return (
    <article className="page detail" data-testid="case-detail">
      <title>{`${detail.reference} · Sinag`}</title>
      <div className="page-header">
        <div className="title-line">
          <h1>{detail.reference}</h1>
          <StatusBadge status={detail.status} />
        </div>
        <CaseReportLink caseId={detail.id} />
      </div>
      <Section title="Case">
        <Fields
          fields={[
            ['Title', detail.title],
            ['Created', <DateTime value={detail.createdAt} />],
            ['Created by', detail.createdBy],
          ]}
        />
      </Section>
      <CaseStages key={`stages-${detail.updatedAt}`} detail={detail} onChanged={changed} />
      <CasePeople key={`people-${detail.updatedAt}`} detail={detail} onChanged={changed} />
      <CaseTasks detail={detail} version={version} onChanged={changed} />
      <CaseLegal detail={detail} version={version} onChanged={changed} />
      <Section title={`Referrals (${detail.referrals.length})`} className="wide">
        {detail.referrals.length === 0 ? (
          <p className="muted">This case has no referrals.</p>
        ) : (
          <ReferralTable
            referrals={detail.referrals}
            caption="Referrals in this case"
            testId="case-referrals"
          />
        )}
      </Section>
      <CaseSubjects caseId={detail.id} />
      <CaseVictims caseId={detail.id} />
      <CaseOperations caseId={detail.id} />
      <CaseAftercare caseId={detail.id} />
      <CaseTimeline caseId={detail.id} version={version} />
      <ProsecutionSection caseId={detail.id} />
      <EvidenceSection caseId={detail.id} />
      <SharingSection caseId={detail.id} />
    </article>
  );
}

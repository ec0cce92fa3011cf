import type { CaseDetail } from '@sinag/core';
import { useParams } from 'react-router';
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
  } = useResource<CaseDetail>(`/cases/${encodeURIComponent(id)}`);
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
      <ProsecutionSection caseId={detail.id} />
      <EvidenceSection caseId={detail.id} />
      <SharingSection caseId={detail.id} />
    </article>
  );
}

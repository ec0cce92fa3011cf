/** The court-ready report: a zip of the redacted PDF, its facts as JSON and a SHA-256 manifest. */
export function CaseReportLink({ caseId }: { caseId: string }) {
  return (
    <a className="button" href={`/api/v1/cases/${caseId}/report`} download data-testid="case-report">
      Download case report
    </a>
  );
}

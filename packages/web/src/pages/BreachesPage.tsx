import type { ReferralPage } from '@sinag/core';
import { useState } from 'react';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ReferralTable } from '../components/ReferralTable.tsx';
import { useResource } from '../useResource.ts';

const PAGE_SIZE = 50;

/** For supervisors: referrals still waiting past their band's response target, longest overdue first. */
export function BreachesPage() {
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useResource<ReferralPage>(
    `/triage/breaches?page=${page}&pageSize=${PAGE_SIZE}`,
  );
  let content;
  if (error) content = <ErrorNotice error={error} onRetry={reload} />;
  else if (!data) content = <Loading label="Loading breaches…" />;
  else if (data.total === 0)
    content = (
      <div className="empty">
        <p>No referral is past its response target.</p>
      </div>
    );
  else
    content = (
      <>
        <ReferralTable
          referrals={data.items}
          caption="Referrals past their response target"
          testId="breaches"
          busy={loading}
        />
        <Pagination of={data} onPage={setPage} />
      </>
    );
  return (
    <section className="page">
      <title>Response-time breaches · Sinag</title>
      <div className="page-header">
        <h1>Response-time breaches</h1>
      </div>
      {content}
    </section>
  );
}

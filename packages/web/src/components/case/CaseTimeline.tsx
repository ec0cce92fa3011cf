import type { TimelinePage } from '@sinag/core';
import { useState } from 'react';
import { DateTime } from '../DateTime.tsx';
import { ErrorNotice, Loading } from '../LoadState.tsx';
import { Pagination } from '../Pagination.tsx';
import { Section } from '../Section.tsx';
import { useCaseResource } from './useCaseResource.ts';

const PAGE_SIZE = 25;

/** Every event of the case, newest first. */
export function CaseTimeline({ caseId, version }: { caseId: string; version: number }) {
  const [page, setPage] = useState(1);
  const { data, error, reload } = useCaseResource<TimelinePage>(
    `/cases/${caseId}/timeline?page=${page}&pageSize=${PAGE_SIZE}`,
    version,
  );
  let content;
  if (error) content = <ErrorNotice error={error} onRetry={reload} />;
  else if (!data) content = <Loading label="Loading the timeline…" />;
  else
    content = (
      <>
        <ol className="timeline" data-testid="case-timeline">
          {data.items.map((e) => (
            <li key={e.id} data-kind={e.kind}>
              <DateTime value={e.at} /> · <span className="muted">{e.actor}</span>
              <p>{e.summary}</p>
            </li>
          ))}
        </ol>
        <Pagination of={data} onPage={setPage} />
      </>
    );
  return (
    <Section title="Timeline" className="wide">
      {content}
    </Section>
  );
}

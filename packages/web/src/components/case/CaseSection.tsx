import type { ReactNode } from 'react';
import { ApiError } from '../../api.ts';
import { useResource } from '../../useResource.ts';
import { ErrorNotice, Loading } from '../LoadState.tsx';
import { Section } from '../Section.tsx';
import { useRefreshOnCaseChange } from './useCaseChange.ts';

/**
 * A section of the case page over one list the server gives: loading and errors shown alike, refreshed when
 * another section changes something, and an optional text for a 403 (a part only some people may see).
 */
export function CaseSection<T>({
  title,
  path,
  forbidden,
  children,
}: {
  title: string;
  path: string;
  forbidden?: string;
  children: (data: T, refresh: () => void) => ReactNode;
}) {
  const { data, error, loading, reload, refresh } = useResource<T>(path);
  useRefreshOnCaseChange(refresh);
  const denied = forbidden && error instanceof ApiError && error.status === 403;
  return (
    <Section title={title} className="wide">
      {denied ? (
        <p className="muted">{forbidden}</p>
      ) : error ? (
        <ErrorNotice error={error} onRetry={reload} />
      ) : loading && !data ? (
        <Loading label={`Loading ${title.toLowerCase()}…`} />
      ) : (
        data && children(data, refresh)
      )}
    </Section>
  );
}

import type { ReferralPage } from '@sinag/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { BulkAssign } from '../components/BulkAssign.tsx';
import { ErrorNotice, Loading } from '../components/LoadState.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { QueueFilters } from '../components/QueueFilters.tsx';
import { ReferralTable } from '../components/ReferralTable.tsx';
import {
  defaultOrder,
  FILTER_KEYS,
  hasFilters,
  queueApiPath,
  readQueueQuery,
  type SortField,
} from '../queueQuery.ts';
import { useSession } from '../session.tsx';
import { useResource } from '../useResource.ts';

export function QueuePage() {
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const query = readQueueQuery(params);
  const path = queueApiPath(query);
  const { data, error, loading, reload } = useResource<ReferralPage>(path);
  // Picked rows belong to the page they were picked on: another page or filter starts afresh.
  const [picked, setPicked] = useState<{ path: string; ids: Set<string> }>({ path, ids: new Set() });
  const selected = picked.path === path ? picked.ids : new Set<string>();
  const [done, setDone] = useState<string>();
  const canWork = can('referral:triage');
  const toggle = (id: string) => {
    const ids = new Set(selected);
    if (!ids.delete(id)) ids.add(id);
    setPicked({ path, ids });
  };
  const toggleAll = () => {
    const items = data?.items ?? [];
    const all = items.length > 0 && items.every((r) => selected.has(r.id));
    setPicked({ path, ids: all ? new Set() : new Set(items.map((r) => r.id)) });
  };

  /** Filters, sort and page live in the URL, so a reload or a shared link shows the same queue. */
  function update(changes: Record<string, string | undefined>, replace = false) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace },
    );
  }

  const clearFilters = () => update(Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined])));
  const sortBy = (field: SortField) =>
    update({
      sort: field,
      order: field === query.sort ? (query.order === 'asc' ? 'desc' : 'asc') : defaultOrder(field),
    });
  const goToPage = (page: number) => {
    update({ page: page > 1 ? String(page) : undefined });
    window.scrollTo({ top: 0 });
  };

  let content;
  if (error) {
    content = <ErrorNotice error={error} onRetry={reload} />;
  } else if (!data) {
    content = <Loading label="Loading referrals…" />;
  } else if (data.items.length === 0 && data.total === 0 && hasFilters(query)) {
    content = (
      <div className="empty">
        <p>No referrals match these filters.</p>
        <button type="button" className="button" onClick={clearFilters}>
          Clear filters
        </button>
      </div>
    );
  } else if (data.items.length === 0 && data.total === 0) {
    content = (
      <div className="empty">
        <p>
          Nothing is waiting: no referral is new or in review. New referrals appear here as they arrive;
          closed ones and those in cases are under Status: All.
        </p>
      </div>
    );
  } else if (data.items.length === 0) {
    content = (
      <div className="empty">
        <p>This page is past the end of the list.</p>
        <button type="button" className="button" onClick={() => goToPage(1)}>
          Go to the first page
        </button>
      </div>
    );
  } else {
    content = (
      <>
        {canWork && (
          <BulkAssign
            selected={[...selected]}
            onClear={() => setPicked({ path, ids: new Set() })}
            onDone={(message) => {
              setDone(message);
              setPicked({ path, ids: new Set() });
              reload();
            }}
          />
        )}
        {done && (
          <div className="notice notice-info" role="status" data-testid="bulk-done">
            <p>{done}</p>
          </div>
        )}
        <ReferralTable
          referrals={data.items}
          caption="Referral queue"
          testId="queue"
          busy={loading}
          sort={{ field: query.sort, order: query.order, onSort: sortBy }}
          selection={canWork ? { selected, onToggle: toggle, onToggleAll: toggleAll } : undefined}
        />
        <Pagination of={data} onPage={goToPage} />
      </>
    );
  }

  return (
    <section className="page">
      <title>Referral queue · Sinag</title>
      <div className="page-header">
        <h1>Referral queue</h1>
        {can('referral:create') && (
          <Link to="/referrals/new" className="button primary" data-testid="new-referral">
            New referral
          </Link>
        )}
      </div>
      <QueueFilters
        query={query}
        onFilter={(key, value) => update({ [key]: value })}
        onSearch={(q) => update({ q }, true)}
        onClear={clearFilters}
      />
      {content}
    </section>
  );
}

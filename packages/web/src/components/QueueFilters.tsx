import {
  BAND_LABELS,
  BANDS,
  INCIDENT_TYPES,
  PHILIPPINE_REGIONS,
  REFERRAL_SOURCES,
  REFERRAL_STATUSES,
  REVIEW_FLAGS,
  TRIAGE_FACTORS,
} from '@sinag/core';
import { useEffect, useEffectEvent, useId, useState } from 'react';
import type { RoutingRules } from '@sinag/core';
import { humanise, SOURCE_LABELS } from '../format.ts';
import { useResource } from '../useResource.ts';
import {
  CLUSTER_SIZES,
  DEFAULT_STATUS,
  hasFilters,
  type FILTER_KEYS,
  type QueueQuery,
} from '../queueQuery.ts';

type Option = readonly [value: string, label: string];
type FilterKey = Exclude<(typeof FILTER_KEYS)[number], 'q'>;

const SEARCH_DELAY_MS = 300;

/** The URL's status for a choice: the default (open) is no parameter, and "All" has to be said. */
const statusParam = (value: string | undefined) =>
  value === undefined ? 'all' : value === DEFAULT_STATUS ? undefined : value;
const FILTERS: { key: FilterKey; label: string; options: Option[] }[] = [
  {
    key: 'status',
    label: 'Status',
    options: [['open', 'Open (new or in review)'], ...REFERRAL_STATUSES.map((s): Option => [s, humanise(s)])],
  },
  { key: 'band', label: 'Priority', options: BANDS.map((b) => [b, `${b} — ${BAND_LABELS[b]}`]) },
  { key: 'source', label: 'Source', options: REFERRAL_SOURCES.map((s) => [s, SOURCE_LABELS[s]]) },
  { key: 'incidentType', label: 'Incident type', options: Object.entries(INCIDENT_TYPES) },
  {
    key: 'region',
    label: 'Region',
    options: PHILIPPINE_REGIONS.map((r) => [r.code, `${r.code} — ${r.name}`]),
  },
  {
    key: 'assigned',
    label: 'Assigned',
    options: [
      ['me', 'To me'],
      ['unassigned', 'Unassigned'],
    ],
  },
  {
    key: 'minClusterSize',
    label: 'Linked referrals',
    options: CLUSTER_SIZES.map((n) => [n, n === '2' ? 'Linked to another' : `In a cluster of ${n} or more`]),
  },
  {
    key: 'flag',
    label: 'Review flag',
    options: TRIAGE_FACTORS.filter((f) => REVIEW_FLAGS.has(f.name)).map((f) => [f.name, f.label]),
  },
];

function FilterSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string | undefined;
  options: Option[];
  onChange: (value: string | undefined) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">All</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The reporting platform, typed: committed on Enter or on leaving the box. */
function PlatformFilter({
  value,
  onChange,
}: {
  value?: string;
  onChange: (value: string | undefined) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value ?? '');
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setDraft(value ?? '');
  }
  const commit = () => {
    if (draft.trim() !== (value ?? '')) onChange(draft.trim() || undefined);
  };
  return (
    <div className="field">
      <label htmlFor={id}>Platform</label>
      <input
        id={id}
        value={draft}
        placeholder="e.g. Facebook"
        autoComplete="off"
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
      />
    </div>
  );
}

interface Props {
  query: QueueQuery;
  onFilter: (key: FilterKey, value: string | undefined) => void;
  onSearch: (q: string | undefined) => void;
  onClear: () => void;
}

export function QueueFilters({ query, onFilter, onSearch, onClear }: Props) {
  const searchId = useId();
  // The destinations are the routing rules' own (data an admin edits), each once.
  const rules = useResource<RoutingRules>('/routing/rules').data?.rules ?? [];
  const destinations: Option[] = [...new Set(rules.map((r) => r.destination))].map((d) => [d, d]);
  const q = query.q ?? '';
  const [draft, setDraft] = useState(q);
  // `synced` is the URL value last seen; `sent` the one this box put there itself, so typing is never undone.
  const [synced, setSynced] = useState(q);
  const [sent, setSent] = useState<string>();
  if (q !== synced) {
    setSynced(q);
    if (q === sent) setSent(undefined);
    else setDraft(q); // Changed from outside: clear filters, back or forward.
  }

  function commit(text: string) {
    setSent(text.trim());
    onSearch(text.trim() || undefined);
  }
  const commitLater = useEffectEvent(commit);
  useEffect(() => {
    if (draft.trim() === q) return;
    const timer = setTimeout(() => commitLater(draft), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, q]);

  return (
    <form
      role="search"
      aria-label="Filter referrals"
      className="filters"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.trim() !== q) commit(draft);
      }}
    >
      <div className="field field-search">
        <label htmlFor={searchId}>Search</label>
        <input
          id={searchId}
          type="search"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="Reference, external id, email, phone, IP, screen name"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      {FILTERS.map((filter) => (
        <FilterSelect
          key={filter.key}
          label={filter.label}
          value={query[filter.key]}
          options={filter.options}
          onChange={(value) => onFilter(filter.key, filter.key === 'status' ? statusParam(value) : value)}
        />
      ))}
      <PlatformFilter value={query.platform} onChange={(value) => onFilter('platform', value)} />
      <FilterSelect
        label="Routed to"
        value={query.routedTo}
        options={destinations}
        onChange={(value) => onFilter('routedTo', value)}
      />
      <div className="field field-action">
        <button type="button" className="button" onClick={onClear} disabled={!hasFilters(query)}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

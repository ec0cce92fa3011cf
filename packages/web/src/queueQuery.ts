import {
  BANDS,
  INCIDENT_TYPES,
  PHILIPPINE_REGIONS,
  REFERRAL_SORT_FIELDS,
  REFERRAL_SOURCES,
  REFERRAL_STATUS_FILTERS,
  REVIEW_FLAG_NAMES,
} from '@sinag/core';
import type { IncidentType, ReferralListQuery } from '@sinag/core';

export type SortField = (typeof REFERRAL_SORT_FIELDS)[number];
export type SortOrder = 'asc' | 'desc';

const QUEUE_PAGE_SIZE = 50;
export const FILTER_KEYS = [
  'status',
  'band',
  'source',
  'incidentType',
  'region',
  'routedTo',
  'assigned',
  'minClusterSize',
  'flag',
  'platform',
  'q',
] as const;
const ASSIGNED = ['me', 'unassigned'] as const;
/** Cluster sizes the queue filter offers (referrals linked by identifiers, this one included). */
export const CLUSTER_SIZES = ['2', '3', '5', '10'] as const;
const INCIDENT_TYPE_CODES = Object.keys(INCIDENT_TYPES) as IncidentType[];
const REGION_CODES = PHILIPPINE_REGIONS.map((region) => region.code);

/** The status filter when the URL names none. */
export const DEFAULT_STATUS = 'open';

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return allowed.find((item) => item === value);
}

/** The queue's state, read from the URL. Unknown values (a stale or hand-edited link) are dropped, not sent. */
export function readQueueQuery(params: URLSearchParams) {
  const page = Number(params.get('page'));
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    // The queue opens on the referrals still to act on; `status=all` shows every status.
    status: params.has('status') ? oneOf(REFERRAL_STATUS_FILTERS, params.get('status')) : DEFAULT_STATUS,
    band: oneOf(BANDS, params.get('band')),
    source: oneOf(REFERRAL_SOURCES, params.get('source')),
    incidentType: oneOf(INCIDENT_TYPE_CODES, params.get('incidentType')),
    region: oneOf(REGION_CODES, params.get('region')),
    assigned: oneOf(ASSIGNED, params.get('assigned')),
    routedTo: params.get('routedTo')?.trim() || undefined,
    minClusterSize: oneOf(CLUSTER_SIZES, params.get('minClusterSize')),
    flag: oneOf(REVIEW_FLAG_NAMES, params.get('flag')),
    platform: params.get('platform')?.trim() || undefined,
    q: params.get('q')?.trim() || undefined,
    sort: oneOf(REFERRAL_SORT_FIELDS, params.get('sort')) ?? 'priority',
    order: (params.get('order') === 'asc' ? 'asc' : 'desc') as SortOrder,
  } satisfies ReferralListQuery;
}
export type QueueQuery = ReturnType<typeof readQueueQuery>;

/** Whether anything narrows the queue beyond its default (open referrals). */
export function hasFilters(query: QueueQuery): boolean {
  return FILTER_KEYS.some((key) =>
    key === 'status' ? query.status !== DEFAULT_STATUS : query[key] !== undefined,
  );
}

/** The API path for one page of the queue. */
export function queueApiPath(query: QueueQuery): string {
  const params = new URLSearchParams({ pageSize: String(QUEUE_PAGE_SIZE) });
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  return `/referrals?${params}`;
}

/** Dates read best newest first, priority most urgent first; text columns A to Z. */
export function defaultOrder(field: SortField): SortOrder {
  return field === 'priority' || field === 'receivedAt' ? 'desc' : 'asc';
}

import { z } from 'zod';
import { Band, REVIEW_FLAG_NAMES } from '../triage/config.ts';
import { IncidentType, REFERRAL_SOURCES, REFERRAL_STATUSES, ReferralSource } from '../referrals/schema.ts';
import { PageQuery, pageOf } from './common.ts';
import { FileMatching } from './matching.ts';
import { UserRef } from './referral-workflow.ts';
import { CloseReason } from '../referrals/workflow.ts';
import { Geolocation } from './geolocation.ts';
import { RoutingDecision } from './routing.ts';
import { PriorityView, ScoredFactorView, TriageFlagView } from './triage.ts';

/** What the status filter takes: a status, or "open" (new or in review: the referrals still to act on). */
export const REFERRAL_STATUS_FILTERS = ['open', ...REFERRAL_STATUSES] as const;

export const REFERRAL_SORT_FIELDS = [
  'priority',
  'receivedAt',
  'reference',
  'region',
  'source',
  'incidentType',
  'status',
] as const;

export const ReferralListQuery = z
  .object({
    ...PageQuery,
    status: z
      .enum(REFERRAL_STATUS_FILTERS)
      .optional()
      .describe('A status, or "open": new or in review, the referrals still to act on'),
    band: Band.optional().describe(
      'The band that counts: the override if there is one, else the scored band',
    ),
    source: ReferralSource.optional(),
    incidentType: IncidentType.optional(),
    region: z.string().max(100).optional().describe('Region code, e.g. NCR or VII'),
    platform: z
      .string()
      .max(200)
      .optional()
      .describe('The reporting platform or agency, as the referral names its reporter (e.g. Facebook)'),
    flag: z
      .enum(REVIEW_FLAG_NAMES)
      .optional()
      .describe('Only referrals with this review flag (e.g. viral-meme, generative-ai)'),
    assigned: z
      .union([z.enum(['me', 'unassigned']), z.uuid({ message: 'must be "me", "unassigned" or a user id' })])
      .optional()
      .describe('"me", "unassigned", or a user id'),
    routedTo: z
      .string()
      .max(200)
      .optional()
      .describe('Where referrals were routed: a destination of the routing rules'),
    externalId: z
      .string()
      .max(200)
      .optional()
      .describe('An id the source gave the referral (e.g. a CyberTip report id)'),
    q: z
      .string()
      .max(200)
      .optional()
      .describe('Search: reference, external id, or an identifier (email, phone, IP, screen name)'),
    minClusterSize: z.coerce
      .number()
      .int()
      .min(1, 'must be 1 or more')
      .optional()
      .describe('Only referrals in a cluster of at least this many referrals (linked by identifiers)'),
    sort: z
      .enum(REFERRAL_SORT_FIELDS)
      .default('priority')
      .describe(
        'Sort field; "priority" (descending) puts the most urgent band first, then the least time left, then newest',
      ),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();
export type ReferralListQuery = z.input<typeof ReferralListQuery>;
export type ReferralListParams = z.output<typeof ReferralListQuery>;

export const ReferralSummary = z.object({
  id: z.string(),
  reference: z.string(),
  source: z.enum(REFERRAL_SOURCES),
  status: z.enum(REFERRAL_STATUSES),
  receivedAt: z.string(),
  incidentType: IncidentType,
  /** The band that counts: the override if there is one, else the scored band. */
  band: Band,
  score: z.number().int(),
  overridden: z.boolean(),
  /** When the band's response target runs out; null when the band has none (P4). */
  dueAt: z.string().nullable(),
  /** The heaviest factors, for the queue row. */
  topFactors: z.array(ScoredFactorView),
  flags: z.array(TriageFlagView),
  country: z.string().nullable(),
  region: z.string().nullable(),
  /** The destination the routing rules gave it; null only until a referral from before routing is routed. */
  routedTo: z.string().nullable(),
  reporterName: z.string(),
  identifierCount: z.number().int(),
  fileCount: z.number().int(),
  /** Who is working the referral. */
  assignee: UserRef.nullable(),
});
export type ReferralSummary = z.infer<typeof ReferralSummary>;

/** Counting past this many matches costs more than it tells; the total then reads "10,000 or more". */
export const REFERRAL_COUNT_CAP = 1_000;

export const ReferralPage = pageOf(ReferralSummary).extend({
  totalCapped: z.boolean().describe(`True when more than ${REFERRAL_COUNT_CAP} match: total is then the cap`),
});
export type ReferralPage = z.infer<typeof ReferralPage>;

export const ReferralDetail = ReferralSummary.extend({
  incidentAt: z.string().nullable(),
  priority: PriorityView,
  /** A new fact (a hash match, a link, a configuration version) is waiting to be scored into the priority. */
  rescoring: z.boolean(),
  /** The normalised canonical referral, as received. */
  data: z.record(z.string(), z.unknown()),
  files: z.array(
    z.object({
      index: z.number().int(),
      name: z.string().nullable(),
      md5: z.string().nullable(),
      sha1: z.string().nullable(),
      sha256: z.string().nullable(),
      pdq: z.string().nullable(),
      /** 0–100; a PDQ hash under 50 is unreliable and is not matched. */
      pdqQuality: z.number().nullable(),
      viewedByEsp: z.boolean().nullable(),
      publiclyAvailable: z.boolean().nullable(),
      /** United States v. Wilson: a file the platform never viewed, and not public, needs a warrant to open. */
      warrantRequired: z.boolean(),
      /** The file against the organisation's hash sets. */
      matching: FileMatching,
    }),
  ),
  cases: z.array(z.object({ id: z.string(), reference: z.string(), title: z.string() })),
  /** Children named in the referral, by pseudonym only; identities stay in the encrypted store. */
  victims: z.array(
    z.object({
      pseudonym: z.string(),
      ageYears: z.number().nullable(),
      ageEstimate: z.string().nullable(),
      sex: z.string().nullable(),
      country: z.string().nullable(),
      region: z.string().nullable(),
    }),
  ),
  /** Information added after intake, oldest first (e.g. the reporter's follow-up through the public form). */
  notes: z.array(
    z.object({
      at: z.string(),
      /** Where it came from: "public-follow-up". */
      source: z.string(),
      text: z.string(),
    }),
  ),
  createdAt: z.string(),
  /** Why and by whom it was closed without a case; null while open. */
  closure: z
    .object({ reason: CloseReason, note: z.string().nullable(), at: z.string(), by: z.string().nullable() })
    .nullable(),
  /** Where its signals place it, conflicts included (IP geolocation by DB-IP). */
  geolocation: Geolocation.nullable(),
  routing: RoutingDecision.nullable(),
});
export type ReferralDetail = z.infer<typeof ReferralDetail>;

export const ReferralCreated = z.object({ id: z.string(), reference: z.string(), replayed: z.boolean() });

import { z } from 'zod';
import { PRIORITIES } from '../triage/priority.ts';
import { IncidentType, REFERRAL_SOURCES, REFERRAL_STATUSES, ReferralSource } from '../referrals/schema.ts';
import { PageQuery, pageOf } from './common.ts';
import { FileMatching } from './matching.ts';

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
    status: z.enum(REFERRAL_STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    source: ReferralSource.optional(),
    incidentType: IncidentType.optional(),
    region: z.string().max(100).optional().describe('Region code, e.g. NCR or VII'),
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
      .describe('Sort field; "priority" sorts by priority then newest'),
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
  priority: z.enum(PRIORITIES),
  priorityScore: z.number(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  reporterName: z.string(),
  identifierCount: z.number().int(),
  fileCount: z.number().int(),
});
export type ReferralSummary = z.infer<typeof ReferralSummary>;

export const ReferralPage = pageOf(ReferralSummary);
export type ReferralPage = z.infer<typeof ReferralPage>;

export const PriorityReasonView = z.object({
  factor: z.string(),
  points: z.number(),
  explanation: z.string(),
});

export const ReferralDetail = ReferralSummary.extend({
  incidentAt: z.string().nullable(),
  priorityReasons: z.array(PriorityReasonView),
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
});
export type ReferralDetail = z.infer<typeof ReferralDetail>;

export const ReferralCreated = z.object({ id: z.string(), reference: z.string(), replayed: z.boolean() });

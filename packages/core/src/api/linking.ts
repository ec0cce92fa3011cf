import { z } from 'zod';
import { IdentifierKind } from '../identifiers/normalise.ts';
import { REFERRAL_STATUSES } from '../referrals/schema.ts';
import { Band } from '../triage/config.ts';

/** An identifier that links referrals, as an analyst reads it. */
export const LinkedIdentifier = z.object({ kind: IdentifierKind, value: z.string() });
export type LinkedIdentifier = z.infer<typeof LinkedIdentifier>;

/** Who to call about an organisation's open cases. */
export const DeconflictionContact = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    email: z.email({ message: 'must be an email address' }).max(200).optional(),
    phone: z.string().trim().min(3).max(50, 'must be at most 50 characters').optional(),
  })
  .strict();
export type DeconflictionContact = z.infer<typeof DeconflictionContact>;

export const ClusterMember = z.object({
  id: z.string(),
  reference: z.string(),
  receivedAt: z.string(),
  /** The band that counts (an override's, else the scored one). */
  band: Band,
  score: z.number(),
  status: z.enum(REFERRAL_STATUSES),
  /** The identifiers through which it joined the cluster, or others joined through it. */
  linkedBy: z.array(LinkedIdentifier),
});
export type ClusterMember = z.infer<typeof ClusterMember>;

/** An open case holding a referral of the cluster; another organisation's shows who to call, nothing more. */
export const ClusterCase = z.object({
  organisation: z.string(),
  own: z.boolean(),
  id: z.string().nullable(),
  reference: z.string().nullable(),
  title: z.string().nullable(),
  status: z.string().nullable(),
  contact: DeconflictionContact.nullable(),
});
export type ClusterCase = z.infer<typeof ClusterCase>;

export const ReferralCluster = z.object({
  /** Null when the referral links to no other. */
  clusterId: z.string().nullable(),
  /** Referrals in the cluster, this one and every organisation's included. */
  size: z.number().int(),
  /** Your organisation's other referrals in it, highest priority first (at most 200). */
  members: z.array(ClusterMember),
  membersTotal: z.number().int(),
  /** Referrals of other organisations in the cluster: how many, and whom to call. */
  otherOrganisations: z.array(
    z.object({
      organisation: z.string(),
      referrals: z.number().int(),
      contact: DeconflictionContact.nullable(),
    }),
  ),
  openCases: z.array(ClusterCase),
});
export type ReferralCluster = z.infer<typeof ReferralCluster>;

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// A financial alert appears next to the referrals whose party it names; it is opened, not expanded.
export const GRAPH_NODE_TYPES = ['referral', 'identifier', 'case', 'financial-alert'] as const;

export const GraphQuery = z
  .object({
    node: z
      .string()
      .regex(
        new RegExp(`^((referral|case):${UUID}|identifier:[0-9]{1,18})$`),
        'must be referral:<id>, case:<id> or identifier:<id>',
      )
      .describe('The node to expand, e.g. referral:4b0c…'),
    limit: z.coerce
      .number()
      .int()
      .min(1, 'must be 1 or more')
      .max(200, 'must be at most 200')
      .default(25)
      .describe('Neighbours of each type returned at most; the rest are counted'),
  })
  .strict();
export type GraphQuery = z.input<typeof GraphQuery>;

export const GraphNode = z.object({
  /** "referral:<uuid>", "identifier:<id>" or "case:<uuid>". */
  id: z.string(),
  type: z.enum(GRAPH_NODE_TYPES),
  label: z.string(),
  detail: z.string().nullable(),
  /** False for another organisation's case: its existence and owner are all that is shown. */
  expandable: z.boolean(),
});
export type GraphNode = z.infer<typeof GraphNode>;

export const Graph = z.object({
  center: GraphNode,
  nodes: z.array(GraphNode),
  edges: z.array(z.object({ source: z.string(), target: z.string() })),
  /** Neighbours left out by the limit, per type. */
  more: z.array(
    z.object({ type: z.enum(GRAPH_NODE_TYPES), shown: z.number().int(), total: z.number().int() }),
  ),
  /** Referrals of other organisations next to this node: counted, never shown. */
  otherOrganisationReferrals: z.number().int(),
});
export type Graph = z.infer<typeof Graph>;

export const DeconflictionPublishInput = z
  .object({
    contact: DeconflictionContact.optional().describe(
      'The contact other organisations see on a hit; kept for later publications. Required the first time.',
    ),
  })
  .strict();
export type DeconflictionPublishInput = z.input<typeof DeconflictionPublishInput>;

export const DeconflictionPublication = z.object({
  organisation: z.string(),
  contact: DeconflictionContact.nullable(),
  publishedAt: z.string().nullable(),
  /** Keyed hashes published (one per distinct identifier of the open cases). */
  hashes: z.number().int(),
});
export type DeconflictionPublication = z.infer<typeof DeconflictionPublication>;

export const DeconflictionHits = z.object({
  /** False when no federation key is configured: nothing is compared. */
  configured: z.boolean(),
  hits: z.array(
    z.object({
      organisation: z.string(),
      contact: DeconflictionContact,
      publishedAt: z.string(),
      /** Published by another installation and imported here. */
      imported: z.boolean(),
      /** This referral's own identifiers that hashed to a published value. */
      identifiers: z.array(LinkedIdentifier),
    }),
  ),
});
export type DeconflictionHits = z.infer<typeof DeconflictionHits>;

/** The first line of a publication file; each further line is {"hmac": "<64 hex>"}. */
export const DeconflictionFileHeader = z
  .object({
    format: z.literal('sinag-deconfliction/1'),
    organisation: z.string().trim().min(1).max(200),
    contact: DeconflictionContact,
    publishedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
    /** HMAC of a fixed text: tells whether the file was made with the same federation key. */
    keyCheck: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 hex digits'),
  })
  .strict();
export type DeconflictionFileHeader = z.infer<typeof DeconflictionFileHeader>;

export const DeconflictionHashLine = z
  .object({ hmac: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits') })
  .strict();

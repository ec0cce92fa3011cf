import { z } from 'zod';
import { IdentifierKind } from '../identifiers/normalise.ts';

/** Where a referral came from. */
export const REFERRAL_SOURCES = [
  'cybertipline', // a platform's report through the CyberTipline-compatible API
  'cybertip-export', // a CyberTip forwarded by NCMEC to law enforcement
  'foreign-police', // a referral from a foreign law-enforcement agency
  'financial-lead', // a suspicious-transaction lead from a bank, remitter or FIU
  'public', // the public "report a concern" form
  'hotline', // another hotline (e.g. an INHOPE member)
  'manual', // entered by an analyst from an email or phone call
] as const;
export const ReferralSource = z.enum(REFERRAL_SOURCES);
export type ReferralSource = z.infer<typeof ReferralSource>;

/**
 * Incident types: the eight of the CyberTipline schema, plus the kinds other sources report.
 * Codes are stable; labels are what analysts read.
 */
export const INCIDENT_TYPES = {
  'child-sexual-abuse-material': 'Child sexual abuse material (possession, manufacture, distribution)',
  'child-sex-trafficking': 'Child sex trafficking',
  'child-sex-tourism': 'Child sex tourism',
  'child-sexual-molestation': 'Child sexual molestation',
  'misleading-domain-name': 'Misleading domain name',
  'misleading-words-or-images': 'Misleading words or digital images on the internet',
  'online-enticement': 'Online enticement of children for sexual acts',
  'unsolicited-obscene-material': 'Unsolicited obscene material sent to a child',
  'livestreamed-abuse': 'Livestreamed sexual abuse of a child',
  sextortion: 'Sextortion',
  'suspicious-payment': 'Payment suspected to buy livestreamed abuse',
  other: 'Other',
} as const;
export type IncidentType = keyof typeof INCIDENT_TYPES;
export const IncidentType = z.enum(Object.keys(INCIDENT_TYPES) as [IncidentType, ...IncidentType[]]);

export const REPORTER_KINDS = [
  'platform',
  'law-enforcement',
  'hotline',
  'ngo',
  'financial-institution',
  'public',
  'other',
] as const;

export const REFERRAL_STATUSES = ['new', 'in-review', 'case-opened', 'closed'] as const;
export const ReferralStatus = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with a time zone',
});
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
  .transform((c) => c.toUpperCase());
const hex = (length: number, name: string) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `must be a ${name} (${length} hexadecimal characters)`)
    .transform((h) => h.toLowerCase());

export const Location = z
  .object({
    country: countryCode.optional(),
    region: text(100).optional(),
    city: text(100).optional(),
  })
  .strict();
export type Location = z.infer<typeof Location>;

export const Identifier = z
  .object({
    kind: IdentifierKind,
    value: text(2000),
    /** The platform or provider the identifier belongs to (for screen names, user ids, payment accounts). */
    service: text(100).optional(),
    /** When the identifier was observed (e.g. an IP capture time): what makes it actionable. */
    observedAt: isoDateTime.optional(),
    /** What was happening when it was observed (login, upload, purchase…). */
    event: text(100).optional(),
  })
  .strict();
export type Identifier = z.infer<typeof Identifier>;

export const ReportedPerson = z
  .object({
    role: z.enum(['reported', 'intended-recipient']).default('reported'),
    /** A label, not a legal name unless the source gave one. */
    name: text(200).optional(),
    identifiers: z.array(Identifier).max(500).default([]),
    location: Location.optional(),
  })
  .strict();
export type ReportedPerson = z.infer<typeof ReportedPerson>;

export const ReferralFile = z
  .object({
    name: text(500).optional(),
    md5: hex(32, 'MD5').optional(),
    sha1: hex(40, 'SHA-1').optional(),
    sha256: hex(64, 'SHA-256').optional(),
    pdq: hex(64, 'PDQ hash').optional(),
    sizeBytes: z.number().int().nonnegative().optional(),
    mediaType: text(100).optional(),
    /** Whether the platform's staff viewed the file. If not (and not public), a warrant is needed to open it. */
    viewedByEsp: z.boolean().optional(),
    publiclyAvailable: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.md5 || f.sha1 || f.sha256 || f.pdq, {
    message: 'a file needs at least one hash (md5, sha1, sha256 or pdq)',
  });
export type ReferralFile = z.infer<typeof ReferralFile>;

export const ExternalId = z
  .object({
    /** The system that issued the id: "cybertipline", "interpol", a police case system… */
    system: text(100),
    id: text(200),
  })
  .strict();

export const Reporter = z
  .object({
    kind: z.enum(REPORTER_KINDS),
    name: text(200),
    country: countryCode.optional(),
    email: text(320).optional(),
    phone: text(50).optional(),
  })
  .strict();

/** A referral as a client submits it: the canonical model every intake format maps into. */
export const ReferralInput = z
  .object({
    source: ReferralSource,
    receivedAt: isoDateTime.optional(),
    externalIds: z.array(ExternalId).max(20).default([]),
    incident: z
      .object({
        type: IncidentType,
        occurredAt: isoDateTime.optional(),
        /** Free text: an immediate risk to a child, as the reporter states it. */
        escalation: text(5000).optional(),
        summary: text(5000).optional(),
      })
      .strict(),
    reporter: Reporter,
    location: Location.optional(),
    reportedPersons: z.array(ReportedPerson).max(100).default([]),
    files: z.array(ReferralFile).max(1000).default([]),
    notes: text(20000).optional(),
  })
  .strict();
export type ReferralInput = z.input<typeof ReferralInput>;
export type ReferralData = z.output<typeof ReferralInput>;

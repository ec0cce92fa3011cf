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

/** Source-specific fields kept as data (names as the source spells them), so no mapping loses anything. */
export const Attributes = z.record(
  z.string().max(200),
  z.union([z.string().max(20000), z.number(), z.boolean(), z.null()]),
);
export type Attributes = z.infer<typeof Attributes>;

export const Address = z
  .object({
    street: text(500).optional(),
    city: text(100).optional(),
    region: text(100).optional(),
    postalCode: text(20).optional(),
    country: countryCode.optional(),
    kind: text(50).optional(),
  })
  .strict();
export type Address = z.infer<typeof Address>;

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
    /** The source says it verified the identifier (e.g. a confirmed email). */
    verified: z.boolean().optional(),
  })
  .strict();
export type Identifier = z.infer<typeof Identifier>;

export const ReportedPerson = z
  .object({
    role: z.enum(['reported', 'intended-recipient']).default('reported'),
    /** A label, not a legal name unless the source gave one. */
    name: text(200).optional(),
    displayNames: z.array(text(200)).max(50).optional(),
    identifiers: z.array(Identifier).max(500).default([]),
    location: Location.optional(),
    addresses: z.array(Address).max(20).optional(),
    ageYears: z.number().int().min(0).max(130).optional(),
    dateOfBirth: z.iso.date({ message: 'must be a date (YYYY-MM-DD)' }).optional(),
    /** Ids of earlier reports about the same person (e.g. prior CyberTip ids). */
    priorReportIds: z.array(text(100)).max(100).optional(),
    attributes: Attributes.optional(),
  })
  .strict();
export type ReportedPerson = z.infer<typeof ReportedPerson>;

export const ReferralFile = z
  .object({
    /** The id the source gave the file (e.g. a CyberTipline fileId). */
    sourceFileId: text(200).optional(),
    name: text(500).optional(),
    md5: hex(32, 'MD5').optional(),
    sha1: hex(40, 'SHA-1').optional(),
    sha256: hex(64, 'SHA-256').optional(),
    pdq: hex(64, 'PDQ hash').optional(),
    /** PDQ's own measure of how much an image has to go on (0–100; under 50 the hash is unreliable). */
    pdqQuality: z.number().int().min(0).max(100).optional(),
    /** The PDQ hashes of the image's 8 rotations and flips (the first is `pdq`), when Sinag had the image. */
    pdqDihedral: z.array(hex(64, 'PDQ hash')).length(8).optional(),
    sizeBytes: z.number().int().nonnegative().optional(),
    mediaType: text(100).optional(),
    /** Whether the platform's staff viewed the file. If not (and not public), a warrant is needed to open it. */
    viewedByEsp: z.boolean().optional(),
    publiclyAvailable: z.boolean().optional(),
    /** Tags the source gave the file (liveStreaming, infant, generativeAi, potentialMeme, viral…). */
    annotations: z.array(text(100)).max(50).optional(),
    /** The source's classification of the file, e.g. CyberTipline fileRelevance and industryClassification. */
    relevance: text(100).optional(),
    industryClassification: text(20).optional(),
    uploadedAt: isoDateTime.optional(),
    /** Where and when the file was uploaded from. */
    ipCapture: z
      .object({ ip: text(100), event: text(100).optional(), at: isoDateTime.optional() })
      .strict()
      .optional(),
    attributes: Attributes.optional(),
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
    /** The person who reported, for follow-up questions. */
    contactName: text(200).optional(),
    email: text(320).optional(),
    phone: text(50).optional(),
    attributes: Attributes.optional(),
  })
  .strict();

/** How the incident came to light on the internet (web page, email, chat, game, phone, P2P…). */
export const INTERNET_DETAIL_KINDS = [
  'web-page',
  'email',
  'newsgroup',
  'chat-im',
  'online-gaming',
  'cell-phone',
  'non-internet',
  'peer-to-peer',
] as const;

export const InternetDetail = z
  .object({
    kind: z.enum(INTERNET_DETAIL_KINDS),
    identifiers: z.array(Identifier).max(200).default([]),
    /** A description of the content, as the source wrote it (clinical text only). */
    content: text(20000).optional(),
    attributes: Attributes.optional(),
  })
  .strict();
export type InternetDetail = z.infer<typeof InternetDetail>;

export const LawEnforcementInfo = z
  .object({
    agency: text(200).optional(),
    caseNumber: text(200).optional(),
    officerName: text(200).optional(),
    officerEmail: text(320).optional(),
    officerPhone: text(50).optional(),
    reportedToLawEnforcement: z.boolean().optional(),
    servedLegalProcessDomestic: z.boolean().optional(),
    servedLegalProcessInternational: z.boolean().optional(),
    country: countryCode.optional(),
  })
  .strict();

/**
 * What identifies a child. It is encrypted at rest in the identity store and never shown in lists,
 * logs or exports; everywhere else the child is a pseudonym.
 */
export const VictimIdentity = z
  .object({
    names: z.array(text(200)).max(20).optional(),
    dateOfBirth: z.iso.date({ message: 'must be a date (YYYY-MM-DD)' }).optional(),
    addresses: z.array(Address).max(20).optional(),
    schoolName: text(200).optional(),
    identifiers: z.array(Identifier).max(200).optional(),
    notes: text(5000).optional(),
  })
  .strict();
export type VictimIdentity = z.infer<typeof VictimIdentity>;

export const Victim = z
  .object({
    ageYears: z.number().int().min(0).max(25).optional(),
    /** Free-form estimate when no exact age is known ("8-10", "infant"). */
    ageEstimate: text(50).optional(),
    sex: z.enum(['female', 'male', 'unknown']).optional(),
    /** Country and region only: finer places belong to the identity. */
    location: z
      .object({ country: countryCode.optional(), region: text(100).optional() })
      .strict()
      .optional(),
    identity: VictimIdentity.optional(),
  })
  .strict();
export type Victim = z.infer<typeof Victim>;

export const EvidenceReference = z
  .object({
    description: text(1000),
    /** Who holds it: an agency, a platform, a lab. */
    heldBy: text(200),
    /** The holder's reference for it (exhibit number, preservation request id…). */
    reference: text(200).optional(),
  })
  .strict();
export type EvidenceReference = z.infer<typeof EvidenceReference>;

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
        /** How the source described the time when it has no exact one. */
        occurredAtDescription: text(1000).optional(),
        /** Free text: an immediate risk to a child, as the reporter states it. */
        escalation: text(5000).optional(),
        summary: text(5000).optional(),
        /** Tags the source gave the incident (sextortion, csamSolicitation, minorToMinorInteraction…). */
        annotations: z.array(text(100)).max(50).optional(),
        /** The incident types the source named, verbatim (a CyberTipline report can name several). */
        sourceTypes: z.array(text(200)).max(20).optional(),
      })
      .strict(),
    reporter: Reporter,
    location: Location.optional(),
    internetDetails: z.array(InternetDetail).max(200).default([]),
    lawEnforcement: LawEnforcementInfo.optional(),
    reportedPersons: z.array(ReportedPerson).max(100).default([]),
    victims: z.array(Victim).max(100).default([]),
    files: z.array(ReferralFile).max(10000).default([]),
    /** Evidence held elsewhere (an agency's forensic system, a platform's preserved records). */
    evidenceReferences: z.array(EvidenceReference).max(100).default([]),
    notes: text(20000).optional(),
  })
  .strict();
export type ReferralInput = z.input<typeof ReferralInput>;
export type ReferralData = z.output<typeof ReferralInput>;

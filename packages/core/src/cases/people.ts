import { z } from 'zod';
import { IdentifierKind } from '../identifiers/normalise.ts';
import { RiskAnswer } from './risk-assessment.ts';

/** How a subject is related to a victim. */
export const RELATIONSHIPS = [
  'parent',
  'relative',
  'neighbour',
  'foreign-customer',
  'facilitator',
  'other',
] as const;
export const Relationship = z.enum(RELATIONSHIPS);
export type Relationship = z.infer<typeof Relationship>;

export const AGE_BANDS = ['0-5', '6-9', '10-12', '13-15', '16-17', 'unknown'] as const;
export const AgeBand = z.enum(AGE_BANDS);
export const SEXES = ['female', 'male', 'unknown'] as const;
export const Sex = z.enum(SEXES);

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const day = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });
export const IsoDay = day;

/** A place no finer than a city: operations and arrests never record a street address. */
export const Place = { region: text(100), city: text(100).optional() };

/** An identifier of a subject: one of the case's referral identifiers, or a new one to normalise. */
export const SubjectIdentifierInput = z
  .object({
    kind: IdentifierKind,
    value: text(500),
    /** For screen names and user ids: the platform. */
    service: text(100).optional(),
    /** The referral (of this case) that named it; the value must then be one of that referral's identifiers. */
    referralId: z.uuid({ message: 'must be a referral id (UUID)' }).optional(),
  })
  .strict();
export type SubjectIdentifierInput = z.infer<typeof SubjectIdentifierInput>;

export const ArrestInput = z.object({ arrestedOn: day, ...Place, agency: text(200) }).strict();
export type ArrestInput = z.infer<typeof ArrestInput>;

export const SubjectInput = z
  .object({
    /** A name or alias; subjects are adults under investigation, not protected like children. */
    label: text(200),
    nationality: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
      .optional(),
    notes: text(2000).optional(),
    identifiers: z.array(SubjectIdentifierInput).max(100, 'at most 100 identifiers').default([]),
  })
  .strict();
export type SubjectInput = z.input<typeof SubjectInput>;

export const SubjectIdentifiersInput = z
  .object({ identifiers: z.array(SubjectIdentifierInput).min(1).max(100) })
  .strict();

export const RiskAssessmentInput = z.object({ answers: z.record(z.string(), RiskAnswer) }).strict();

export const VictimRelationInput = z
  .object({
    subjectId: z.uuid({ message: 'must be a subject id (UUID)' }),
    relationship: Relationship,
    /** The subject is the child's parent or guardian: flagged, since the child must be protected from them. */
    isGuardian: z.boolean().default(false),
  })
  .strict();
export type VictimRelationInput = z.input<typeof VictimRelationInput>;

/** What identifies a child: kept only in the identity vault, encrypted. */
export const CaseVictimIdentity = z
  .object({
    name: text(200).optional(),
    dateOfBirth: day.optional(),
    address: text(500).optional(),
    contact: text(500).optional(),
    /** References to photos of documents held elsewhere (e.g. a document-system id), never the images. */
    documentPhotoRefs: z.array(text(300)).max(20).default([]),
  })
  .strict();
export type CaseVictimIdentity = z.infer<typeof CaseVictimIdentity>;

export const VictimInput = z
  .object({
    ageBand: AgeBand.default('unknown'),
    sex: Sex.default('unknown'),
    /** The pseudonym the child has in a referral of this case (e.g. `RV-…`), to link the two. */
    referralPseudonym: text(100).optional(),
    relations: z.array(VictimRelationInput).max(50).default([]),
    identity: CaseVictimIdentity.optional(),
  })
  .strict();
export type VictimInput = z.input<typeof VictimInput>;

export const VictimRelationsInput = z.object({ relations: z.array(VictimRelationInput).max(50) }).strict();

/** Revealing an identity needs a reason a reviewer of the audit log can judge. */
export const VAULT_REASON_MIN = 15;
export const RevealInput = z
  .object({
    reason: z
      .string()
      .trim()
      .min(VAULT_REASON_MIN, `must say why, in at least ${VAULT_REASON_MIN} characters`)
      .max(500, 'must be at most 500 characters'),
  })
  .strict();

export const CONSENT_PURPOSES = ['aftercare-data-sharing', 'research-use'] as const;
export const ConsentPurpose = z.enum(CONSENT_PURPOSES);
export const CONSENT_GIVERS = ['victim', 'guardian'] as const;

export const ConsentInput = z
  .object({
    purpose: ConsentPurpose,
    givenBy: z.enum(CONSENT_GIVERS),
    /** Who the guardian is, checked against the case's subjects (a subject cannot consent for the child). */
    guardian: z
      .object({ name: text(200), subjectId: z.uuid().optional() })
      .strict()
      .optional(),
    granted: z.boolean(),
    givenOn: day,
    note: text(1000).optional(),
  })
  .strict()
  .refine((c) => c.givenBy !== 'guardian' || c.guardian, {
    message: 'consent given by a guardian must name the guardian',
    path: ['guardian'],
  });
export type ConsentInput = z.input<typeof ConsentInput>;

export const ConsentWithdrawalInput = z.object({ withdrawnOn: day, note: text(1000).optional() }).strict();

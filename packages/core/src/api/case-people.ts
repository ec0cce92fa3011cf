import { z } from 'zod';
import { AFTERCARE_STAGES, PLACEMENT_KINDS } from '../cases/aftercare.ts';
import { OPERATION_STATUSES } from '../cases/operations.ts';
import {
  AGE_BANDS,
  CONSENT_GIVERS,
  CONSENT_PURPOSES,
  RELATIONSHIPS,
  SEXES,
  CaseVictimIdentity,
} from '../cases/people.ts';
import { RISK_LEVELS, RISK_SECTIONS, RiskAnswer } from '../cases/risk-assessment.ts';
import { IDENTIFIER_KINDS } from '../identifiers/normalise.ts';

/** Views of a case's people, operations and aftercare. Victims appear by pseudonym only. */

export const SubjectParams = z.object({ id: z.uuid(), subjectId: z.uuid() }).strict();
export const VictimParams = z.object({ id: z.uuid(), victimId: z.uuid() }).strict();
export const ConsentParams = z.object({ id: z.uuid(), victimId: z.uuid(), consentId: z.uuid() }).strict();
export const OperationParams = z.object({ id: z.uuid(), operationId: z.uuid() }).strict();
export const PlacementParams = z.object({ id: z.uuid(), victimId: z.uuid(), placementId: z.uuid() }).strict();

const Relation = z.object({
  victimId: z.string(),
  pseudonym: z.string(),
  subjectId: z.string(),
  subjectLabel: z.string(),
  relationship: z.enum(RELATIONSHIPS),
  isGuardian: z.boolean(),
});
export type RelationView = z.infer<typeof Relation>;

export const SubjectView = z.object({
  id: z.string(),
  label: z.string(),
  nationality: z.string().nullable(),
  notes: z.string().nullable(),
  riskLevel: z.enum(RISK_LEVELS).nullable(),
  identifiers: z.array(
    z.object({
      kind: z.enum(IDENTIFIER_KINDS),
      value: z.string(),
      referralId: z.string().nullable(),
      referralReference: z.string().nullable(),
    }),
  ),
  arrest: z
    .object({ arrestedOn: z.string(), region: z.string(), city: z.string().nullable(), agency: z.string() })
    .nullable(),
  relations: z.array(Relation),
  /** The subject is a parent or guardian of a victim of the case. */
  guardianConflict: z.boolean(),
  createdAt: z.string(),
});
export type SubjectView = z.infer<typeof SubjectView>;
export const SubjectList = z.object({ items: z.array(SubjectView) });

/** The case's referral identifiers a subject can be linked to. */
export const CaseIdentifierList = z.object({
  items: z.array(
    z.object({
      referralId: z.string(),
      referralReference: z.string(),
      personRole: z.string(),
      kind: z.enum(IDENTIFIER_KINDS),
      value: z.string(),
    }),
  ),
});

export const RiskAssessmentView = z.object({
  version: z.number().int(),
  questionnaire: z.string(),
  answers: z.record(z.string(), RiskAnswer),
  sections: z.record(z.enum(RISK_SECTIONS), z.number()),
  total: z.number(),
  level: z.enum(RISK_LEVELS),
  raisedBy: z.array(z.string()),
  assessedBy: z.string().nullable(),
  assessedAt: z.string(),
});
export type RiskAssessmentView = z.infer<typeof RiskAssessmentView>;
export const RiskAssessmentList = z.object({ items: z.array(RiskAssessmentView) });

export const RiskQuestionnaireView = z.object({
  id: z.string(),
  sections: z.array(z.enum(RISK_SECTIONS)),
  questions: z.array(
    z.object({ id: z.string(), section: z.enum(RISK_SECTIONS), text: z.string(), weight: z.number() }),
  ),
});

/** Never placement or contact: those are in the vault and in aftercare, for the people cleared for them. */
export const VictimView = z.object({
  id: z.string(),
  pseudonym: z.string(),
  ageBand: z.enum(AGE_BANDS).nullable(),
  sex: z.enum(SEXES).nullable(),
  referralPseudonym: z.string().nullable(),
  relations: z.array(Relation),
  /** A parent or guardian of this child is a subject of the case. */
  guardianConflict: z.boolean(),
  hasIdentity: z.boolean(),
  createdAt: z.string(),
});
export type VictimView = z.infer<typeof VictimView>;
export const VictimList = z.object({ items: z.array(VictimView) });

export const RevealedIdentity = z.object({
  victimId: z.string(),
  pseudonym: z.string(),
  identity: CaseVictimIdentity.nullable(),
});
export type RevealedIdentity = z.infer<typeof RevealedIdentity>;

export const ConsentView = z.object({
  id: z.string(),
  victimId: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  givenBy: z.enum(CONSENT_GIVERS),
  granted: z.boolean(),
  givenOn: z.string(),
  note: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
  withdrawnOn: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawalNote: z.string().nullable(),
});
export type ConsentView = z.infer<typeof ConsentView>;
export const ConsentList = z.object({ items: z.array(ConsentView) });

const Person = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

export const OperationView = z.object({
  id: z.string(),
  name: z.string(),
  plannedFor: z.string(),
  region: z.string(),
  city: z.string().nullable(),
  partnerAgencies: z.array(z.string()),
  team: z.array(Person),
  socialWorkers: z.array(Person),
  status: z.enum(OPERATION_STATUSES),
  plannedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  outcome: z
    .object({
      carriedOutOn: z.string(),
      safeguarded: z.array(z.object({ id: z.string(), pseudonym: z.string() })),
      arrested: z.array(z.object({ id: z.string(), label: z.string() })),
      evidenceSeized: z.string().nullable(),
    })
    .nullable(),
});
export type OperationView = z.infer<typeof OperationView>;
export const OperationList = z.object({ items: z.array(OperationView) });

export const PlacementView = z.object({
  id: z.string(),
  kind: z.enum(PLACEMENT_KINDS),
  placedOn: z.string(),
  endedOn: z.string().nullable(),
  /** Why the placement needs a second look (a relative of the child is a subject), or null. */
  conflictFlag: z.string().nullable(),
  location: z.string(),
  contact: z.string().nullable(),
  caregiverName: z.string().nullable(),
});

export const AftercareView = z.object({
  victimId: z.string(),
  pseudonym: z.string(),
  stage: z.enum(AFTERCARE_STAGES).nullable(),
  stages: z.array(
    z.object({
      stage: z.enum(AFTERCARE_STAGES),
      enteredOn: z.string(),
      note: z.string().nullable(),
      recordedBy: z.string().nullable(),
    }),
  ),
  placements: z.array(PlacementView),
  services: z.array(
    z.object({
      id: z.string(),
      service: z.string(),
      deliveredOn: z.string(),
      provider: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  reintegratedOn: z.string().nullable(),
});
export type AftercareView = z.infer<typeof AftercareView>;
export const AftercareList = z.object({ items: z.array(AftercareView) });

export const VaultRotationResult = z.object({
  keyId: z.string(),
  reEncrypted: z.number().int(),
  remaining: z.number().int(),
});

export type SubjectList = z.infer<typeof SubjectList>;
export type CaseIdentifierList = z.infer<typeof CaseIdentifierList>;
export type RiskAssessmentList = z.infer<typeof RiskAssessmentList>;
export type RiskQuestionnaireView = z.infer<typeof RiskQuestionnaireView>;
export type VictimList = z.infer<typeof VictimList>;
export type ConsentList = z.infer<typeof ConsentList>;
export type OperationList = z.infer<typeof OperationList>;
export type AftercareList = z.infer<typeof AftercareList>;

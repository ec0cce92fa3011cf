import { z } from 'zod';
import type { IdentifierKind } from '../identifiers/normalise.ts';
import { IsoDay, SubjectIdentifierInput } from './people.ts';

/** The four stages of the Philippine case-management protocol for children in need of special protection. */
export const AFTERCARE_STAGES = [
  'I-reporting-intake-safety',
  'II-initial-assessment',
  'III-planning-implementation-reassessment',
  'IV-termination-aftercare',
] as const;
export const AftercareStage = z.enum(AFTERCARE_STAGES);
export type AftercareStage = z.infer<typeof AftercareStage>;
export const AFTERCARE_STAGE_LABELS: Record<AftercareStage, string> = {
  'I-reporting-intake-safety': 'I · Reporting, intake, safety and risk assessment',
  'II-initial-assessment': 'II · Initial assessment',
  'III-planning-implementation-reassessment': 'III · Planning, implementation, reassessment',
  'IV-termination-aftercare': 'IV · Termination and aftercare',
};

export const PLACEMENT_KINDS = ['shelter', 'foster-family', 'relatives'] as const;
export const PlacementKind = z.enum(PLACEMENT_KINDS);
export type PlacementKind = z.infer<typeof PlacementKind>;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const AftercareStageInput = z
  .object({ stage: AftercareStage, enteredOn: IsoDay, note: text(1000).optional() })
  .strict();

/** Who the child is placed with; encrypted like an identity, since it says where the child is. */
export const PlacementCaregiver = z
  .object({
    name: text(200),
    /** The caregiver is a subject of the case: always refused. */
    subjectId: z.uuid().optional(),
    identifiers: z
      .array(SubjectIdentifierInput.omit({ referralId: true }))
      .max(20)
      .default([]),
  })
  .strict();
export type PlacementCaregiver = z.infer<typeof PlacementCaregiver>;

export const PlacementInput = z
  .object({
    kind: PlacementKind,
    placedOn: IsoDay,
    /** Shelter or family name and its address and contact: kept in the vault. */
    location: text(500),
    contact: text(300).optional(),
    caregiver: PlacementCaregiver.optional(),
  })
  .strict()
  .refine((p) => p.kind === 'shelter' || p.caregiver, {
    message: 'a placement with a family or relatives must name the caregiver',
    path: ['caregiver'],
  });
export type PlacementInput = z.input<typeof PlacementInput>;

export const PlacementEndInput = z.object({ endedOn: IsoDay }).strict();

export const AFTERCARE_SERVICES = [
  'medical',
  'psychosocial',
  'legal-assistance',
  'education',
  'livelihood',
  'family-counselling',
  'other',
] as const;
export const AftercareServiceInput = z
  .object({
    service: z.enum(AFTERCARE_SERVICES),
    deliveredOn: IsoDay,
    provider: text(200).optional(),
    note: text(1000).optional(),
  })
  .strict();

export const ReintegrationInput = z.object({ reintegratedOn: IsoDay }).strict();

/** What the conflict check knows about each subject of the case. */
export interface SubjectForConflict {
  id: string;
  label: string;
  /** Normalised identifiers, as stored. */
  identifiers: { kind: IdentifierKind; value: string }[];
  /** How the subject is related to this child, if at all. */
  relationship?: string;
  isGuardian?: boolean;
}

export type PlacementCheck =
  | { outcome: 'refused'; subjectId: string; reason: string }
  | { outcome: 'flagged'; subjectIds: string[]; reason: string }
  | { outcome: 'clear' };

const sameName = (a: string, b: string) =>
  a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

export interface PersonToCheck {
  name: string;
  /** Named as a subject of the case. */
  subjectId?: string;
  /** Normalised identifiers. */
  identifiers: { kind: string; value: string }[];
}

/** The subject this person is (named as one, by the same name, or sharing a normalised identifier), if any. */
export function matchSubject(
  person: PersonToCheck,
  subjects: SubjectForConflict[],
): SubjectForConflict | undefined {
  return subjects.find(
    (s) =>
      person.subjectId === s.id ||
      sameName(person.name, s.label) ||
      person.identifiers.some((c) => s.identifiers.some((i) => i.kind === c.kind && i.value === c.value)),
  );
}

/**
 * The guardian conflict check on a placement: a child is never placed with a subject of its case, so a caregiver
 * who is one is refused; and when the child goes to relatives while a parent, relative or guardian of the child
 * is a subject, the placement is flagged, since the household may give that subject access.
 */
export function checkPlacement(
  kind: PlacementKind,
  caregiver: PersonToCheck | undefined,
  subjects: SubjectForConflict[],
): PlacementCheck {
  const subject = caregiver && matchSubject(caregiver, subjects);
  if (subject)
    return { outcome: 'refused', subjectId: subject.id, reason: 'the caregiver is a subject of this case' };
  if (kind === 'relatives') {
    const family = subjects.filter(
      (s) => s.isGuardian || s.relationship === 'parent' || s.relationship === 'relative',
    );
    if (family.length)
      return {
        outcome: 'flagged',
        subjectIds: family.map((s) => s.id),
        reason: 'a parent, guardian or relative of this child is a subject of this case',
      };
  }
  return { outcome: 'clear' };
}

import {
  checkRiskAnswers,
  normaliseIdentifier,
  RISK_QUESTIONNAIRE,
  scoreRisk,
  type ArrestInput,
  type IdentifierKind,
  type RiskAnswers,
  type RiskAssessmentView,
  type RiskLevel,
  type SubjectIdentifierInput,
  type SubjectView,
} from '@sinag/core';
import type { z } from 'zod';
import type { SubjectInput } from '@sinag/core';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { createdBefore, rememberCreated, replayed, type Once } from './idempotency.ts';
import { caseRelations, day, requireInCase, type Trx } from './people-common.ts';
import { onCase, recordNotFound } from './work.ts';

/** The identifiers of the case's referrals: what a subject can be linked to. */
async function referralIdentifiers(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_referrals as cr')
    .innerJoin('referral_identifiers as ri', 'ri.referral_id', 'cr.referral_id')
    .innerJoin('referrals as r', 'r.id', 'cr.referral_id')
    .select(['ri.referral_id', 'r.reference', 'ri.person_role', 'ri.kind', 'ri.value'])
    .where('cr.case_id', '=', caseId)
    .orderBy('r.reference')
    .orderBy('ri.person_index')
    .execute();
}

export async function listCaseIdentifiers(services: Services, actor: Actor, caseId: string) {
  return onCase(services, actor, caseId, {}, async (trx) => {
    const rows = await referralIdentifiers(trx, caseId);
    const seen = new Set<string>();
    const items = rows
      .filter((r) => {
        const key = `${r.referral_id} ${r.kind} ${r.value}`;
        return !seen.has(key) && seen.add(key);
      })
      .map((r) => ({
        referralId: r.referral_id,
        referralReference: r.reference,
        personRole: r.person_role,
        kind: r.kind as IdentifierKind,
        value: r.value,
      }));
    return {
      result: { items },
      audit: [{ action: 'case.identifiers.list', entityType: 'case', entityId: caseId }],
    };
  });
}

/**
 * Normalises identifiers as referral intake does, and links each to the case referral that holds the same one.
 * One named with a referral must be one of that referral's identifiers.
 */
async function resolveIdentifiers(
  services: Services,
  trx: Trx,
  caseId: string,
  identifiers: SubjectIdentifierInput[],
): Promise<{ kind: IdentifierKind; value: string; referral_id: string | null }[]> {
  const known = await referralIdentifiers(trx, caseId);
  const resolved = new Map<string, { kind: IdentifierKind; value: string; referral_id: string | null }>();
  identifiers.forEach((input, i) => {
    const field = `identifiers.${i}.value`;
    const normal = normaliseIdentifier(input.kind, input.value, {
      defaultCountry: services.config.defaultCountry,
      service: input.service,
    });
    // A referral's stored identifiers are already canonical; one picked from the list may be sent as stored.
    const value = normal.ok ? normal.value : input.value.trim();
    const matches = known.filter((k) => k.kind === input.kind && k.value === value);
    if (input.referralId) {
      if (!matches.some((k) => k.referral_id === input.referralId))
        throw new AppError(
          'validation_failed',
          `${field}: not an identifier of referral ${input.referralId} in this case`,
          field,
        );
    } else if (!normal.ok) {
      throw new AppError('validation_failed', `${field}: ${normal.reason}`, field);
    }
    resolved.set(`${input.kind} ${value}`, {
      kind: input.kind,
      value,
      referral_id: input.referralId ?? matches[0]?.referral_id ?? null,
    });
  });
  return [...resolved.values()];
}

async function loadSubjects(trx: Trx, caseId: string, subjectId?: string): Promise<SubjectView[]> {
  let query = trx
    .selectFrom('case_subjects')
    .select([
      'id',
      'label',
      'nationality',
      'notes',
      'risk_level',
      day('arrested_on').as('arrested_on'),
      'arrest_region',
      'arrest_city',
      'arrest_agency',
      'created_at',
    ])
    .where('case_id', '=', caseId);
  if (subjectId) query = query.where('id', '=', subjectId);
  const subjects = await query.orderBy('created_at').orderBy('id').execute();
  if (!subjects.length) return [];
  const identifiers = await trx
    .selectFrom('case_subject_identifiers as i')
    .leftJoin('referrals as r', 'r.id', 'i.referral_id')
    .select(['i.subject_id', 'i.kind', 'i.value', 'i.referral_id', 'r.reference'])
    .where(
      'i.subject_id',
      'in',
      subjects.map((s) => s.id),
    )
    .orderBy('i.kind')
    .orderBy('i.value')
    .execute();
  const relations = await caseRelations(trx, caseId);
  return subjects.map((s) => {
    const own = relations.filter((r) => r.subjectId === s.id);
    return {
      id: s.id,
      label: s.label,
      nationality: s.nationality,
      notes: s.notes,
      riskLevel: s.risk_level as RiskLevel | null,
      identifiers: identifiers
        .filter((i) => i.subject_id === s.id)
        .map((i) => ({
          kind: i.kind as IdentifierKind,
          value: i.value,
          referralId: i.referral_id,
          referralReference: i.reference ?? null,
        })),
      arrest:
        s.arrested_on && s.arrest_region && s.arrest_agency
          ? {
              arrestedOn: s.arrested_on,
              region: s.arrest_region,
              city: s.arrest_city,
              agency: s.arrest_agency,
            }
          : null,
      relations: own,
      guardianConflict: own.some((r) => r.isGuardian),
      createdAt: s.created_at.toISOString(),
    };
  });
}

async function loadSubject(trx: Trx, caseId: string, subjectId: string): Promise<SubjectView> {
  const [subject] = await loadSubjects(trx, caseId, subjectId);
  if (!subject) throw recordNotFound('subject');
  return subject;
}

export async function listSubjects(services: Services, actor: Actor, caseId: string) {
  return onCase(services, actor, caseId, {}, async (trx) => {
    const items = await loadSubjects(trx, caseId);
    return {
      result: { items },
      audit: [
        { action: 'subject.list', entityType: 'case', entityId: caseId, details: { count: items.length } },
      ],
    };
  });
}

export async function createSubject(
  services: Services,
  actor: Actor,
  caseId: string,
  input: z.output<typeof SubjectInput>,
  once?: Once,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    const before = await createdBefore(trx, actor, once);
    if (before)
      return { result: await loadSubject(trx, caseId, before), audit: [replayed('case-subject', before)] };
    const identifiers = await resolveIdentifiers(services, trx, caseId, input.identifiers);
    const { id } = await trx
      .insertInto('case_subjects')
      .values({
        case_id: caseId,
        label: input.label,
        nationality: input.nationality ?? null,
        notes: input.notes ?? null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (identifiers.length)
      await trx
        .insertInto('case_subject_identifiers')
        .values(identifiers.map((i) => ({ subject_id: id, ...i })))
        .execute();
    await rememberCreated(trx, actor, once, id);
    return {
      result: await loadSubject(trx, caseId, id),
      events: [{ kind: 'subject.add', summary: `Subject added: ${input.label}`, detail: { subjectId: id } }],
      audit: [
        {
          action: 'subject.create',
          entityType: 'case-subject',
          entityId: id,
          details: { caseId, identifiers: identifiers.length },
        },
      ],
    };
  });
}

export async function addSubjectIdentifiers(
  services: Services,
  actor: Actor,
  caseId: string,
  subjectId: string,
  input: SubjectIdentifierInput[],
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    await requireInCase(trx, 'case_subjects', caseId, [subjectId]);
    const identifiers = await resolveIdentifiers(services, trx, caseId, input);
    const added = await trx
      .insertInto('case_subject_identifiers')
      .values(identifiers.map((i) => ({ subject_id: subjectId, ...i })))
      .onConflict((oc) => oc.columns(['subject_id', 'kind', 'value']).doNothing())
      .returning('value')
      .execute();
    return {
      result: await loadSubject(trx, caseId, subjectId),
      audit: [
        {
          action: 'subject.identifiers.add',
          entityType: 'case-subject',
          entityId: subjectId,
          details: { caseId, added: added.length },
        },
      ],
    };
  });
}

export async function recordArrest(
  services: Services,
  actor: Actor,
  caseId: string,
  subjectId: string,
  input: ArrestInput,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    await requireInCase(trx, 'case_subjects', caseId, [subjectId]);
    await trx
      .updateTable('case_subjects')
      .set({
        arrested_on: input.arrestedOn,
        arrest_region: input.region,
        arrest_city: input.city ?? null,
        arrest_agency: input.agency,
      })
      .where('id', '=', subjectId)
      .execute();
    const subject = await loadSubject(trx, caseId, subjectId);
    return {
      result: subject,
      events: [
        {
          kind: 'subject.arrest',
          summary: `${subject.label} arrested on ${input.arrestedOn} by ${input.agency} (${input.region})`,
          detail: { subjectId },
        },
      ],
      audit: [
        { action: 'subject.arrest', entityType: 'case-subject', entityId: subjectId, details: { caseId } },
      ],
    };
  });
}

function toAssessment(row: {
  version: number;
  questionnaire: string;
  answers: unknown;
  section_scores: unknown;
  level: string;
  username: string | null;
  assessed_at: Date;
}): RiskAssessmentView {
  const scores = row.section_scores as {
    sections: RiskAssessmentView['sections'];
    total: number;
    raisedBy: string[];
  };
  return {
    version: row.version,
    questionnaire: row.questionnaire,
    answers: row.answers as RiskAnswers,
    sections: scores.sections,
    total: scores.total,
    raisedBy: scores.raisedBy,
    level: row.level as RiskLevel,
    assessedBy: row.username,
    assessedAt: row.assessed_at.toISOString(),
  };
}

const assessmentQuery = (trx: Trx, subjectId: string) =>
  trx
    .selectFrom('subject_risk_assessments as a')
    .leftJoin('users as u', 'u.id', 'a.assessed_by')
    .select([
      'a.version',
      'a.questionnaire',
      'a.answers',
      'a.section_scores',
      'a.level',
      'u.username',
      'a.assessed_at',
    ])
    .where('a.subject_id', '=', subjectId);

/** Scores the answers and keeps them as the subject's next assessment version; earlier ones stay. */
export async function assessRisk(
  services: Services,
  actor: Actor,
  caseId: string,
  subjectId: string,
  answers: RiskAnswers,
) {
  const check = checkRiskAnswers(answers);
  if (!check.ok) throw new AppError('validation_failed', `${check.field}: ${check.reason}`, check.field);
  const score = scoreRisk(answers);
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    await requireInCase(trx, 'case_subjects', caseId, [subjectId]);
    const last = await trx
      .selectFrom('subject_risk_assessments')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('subject_id', '=', subjectId)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await trx
      .insertInto('subject_risk_assessments')
      .values({
        subject_id: subjectId,
        version,
        questionnaire: RISK_QUESTIONNAIRE.id,
        answers: JSON.stringify(answers),
        section_scores: JSON.stringify({
          sections: score.sections,
          total: score.total,
          raisedBy: score.raisedBy,
        }),
        level: score.level,
        assessed_by: actor.userId,
      })
      .execute();
    await trx
      .updateTable('case_subjects')
      .set({ risk_level: score.level })
      .where('id', '=', subjectId)
      .execute();
    const saved = await assessmentQuery(trx, subjectId)
      .where('a.version', '=', version)
      .executeTakeFirstOrThrow();
    return {
      result: toAssessment(saved),
      events: [
        {
          kind: 'subject.risk',
          summary: `Risk assessment ${version}: ${score.level}`,
          detail: { subjectId, version, level: score.level },
        },
      ],
      audit: [
        {
          action: 'subject.risk-assess',
          entityType: 'case-subject',
          entityId: subjectId,
          details: { caseId, version, level: score.level },
        },
      ],
    };
  });
}

export async function listAssessments(services: Services, actor: Actor, caseId: string, subjectId: string) {
  return onCase(services, actor, caseId, {}, async (trx) => {
    await requireInCase(trx, 'case_subjects', caseId, [subjectId]);
    const rows = await assessmentQuery(trx, subjectId).orderBy('a.version', 'desc').execute();
    return {
      result: { items: rows.map(toAssessment) },
      audit: [
        { action: 'subject.risk.list', entityType: 'case-subject', entityId: subjectId, details: { caseId } },
      ],
    };
  });
}

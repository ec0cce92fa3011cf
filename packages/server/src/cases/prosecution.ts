import type {
  ChargeInput,
  ChargeOutcomeInput,
  ChargeView,
  CourtInput,
  DisclosureInterviewInput,
  HearingInput,
  HearingOutcomeInput,
  PleaInput,
  PleaStatusInput,
  ProsecutionView,
  Verdict,
} from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { mayReadRestricted } from './evidence.ts';
import type { CaseEvent } from './timeline.ts';
import { changeCase, onCase, recordNotFound, type CaseAuditEntry } from './work.ts';

type Db = Kysely<Database> | Transaction<Database>;
type Out<T extends z.ZodType> = z.output<T>;

const statuteName = (s: { code: string; section: string }) => (s.section ? `${s.code} ${s.section}` : s.code);

async function loadCharges(db: Db, caseId: string): Promise<ChargeView[]> {
  const rows = await db
    .selectFrom('case_charges')
    .innerJoin('case_subjects', 'case_subjects.id', 'case_charges.subject_id')
    .innerJoin('statutes', 'statutes.id', 'case_charges.statute_id')
    .selectAll('case_charges')
    .select([
      'case_subjects.label as subject_label',
      'statutes.jurisdiction',
      'statutes.code',
      'statutes.section',
      'statutes.title',
    ])
    .where('case_charges.case_id', '=', caseId)
    .orderBy('case_charges.created_at')
    .orderBy('case_charges.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    subject: { id: r.subject_id, label: r.subject_label },
    statute: {
      id: r.statute_id,
      jurisdiction: r.jurisdiction,
      code: r.code,
      section: r.section,
      title: r.title,
    },
    counts: r.counts,
    verdict: r.verdict as Verdict | null,
    verdictOn: r.verdict_on,
    sentence: r.sentence,
    appeal:
      r.appeal_status && r.appeal_filed_on
        ? {
            status: r.appeal_status as NonNullable<ChargeView['appeal']>['status'],
            filedOn: r.appeal_filed_on,
            outcome: r.appeal_outcome,
          }
        : null,
  }));
}

/** The prosecution side of a case; the recorded interview's evidence reference only if `restricted`. */
export async function loadProsecution(
  db: Db,
  caseId: string,
  options: { restricted: boolean },
): Promise<ProsecutionView> {
  const court = await db
    .selectFrom('case_prosecutions')
    .selectAll()
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  const hearings = await db
    .selectFrom('case_hearings')
    .select(['id', 'at', 'kind', 'outcome'])
    .where('case_id', '=', caseId)
    .orderBy('at')
    .execute();
  const pleas = await db
    .selectFrom('plea_agreements')
    .innerJoin('case_subjects', 'case_subjects.id', 'plea_agreements.subject_id')
    .select([
      'plea_agreements.id',
      'plea_agreements.subject_id',
      'case_subjects.label',
      'plea_agreements.offered_on',
      'plea_agreements.summary',
      'plea_agreements.status',
    ])
    .where('plea_agreements.case_id', '=', caseId)
    .orderBy('plea_agreements.offered_on')
    .execute();
  const interviews = await db
    .selectFrom('disclosure_interviews')
    .innerJoin('case_victims', 'case_victims.id', 'disclosure_interviews.victim_id')
    .select([
      'case_victims.pseudonym',
      'disclosure_interviews.recorded_on',
      'disclosure_interviews.recorded_by',
      'disclosure_interviews.evidence_id',
    ])
    .where('disclosure_interviews.case_id', '=', caseId)
    .orderBy('case_victims.pseudonym')
    .execute();
  const subjects = await db
    .selectFrom('case_subjects')
    .select(['id', 'label'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
  return {
    subjects,
    court: court?.court ?? null,
    courtCaseNumber: court?.court_case_number ?? null,
    charges: await loadCharges(db, caseId),
    hearings: hearings.map((h) => ({
      id: h.id,
      at: h.at.toISOString(),
      kind: h.kind as ProsecutionView['hearings'][number]['kind'],
      outcome: h.outcome,
    })),
    pleas: pleas.map((p) => ({
      id: p.id,
      subject: { id: p.subject_id, label: p.label },
      offeredOn: p.offered_on,
      summary: p.summary,
      status: p.status as ProsecutionView['pleas'][number]['status'],
    })),
    disclosureInterviews: interviews.map((i) => ({
      victimPseudonym: i.pseudonym,
      recordedOn: i.recorded_on,
      recordedBy: i.recorded_by,
      evidenceId: options.restricted ? i.evidence_id : null,
    })),
  };
}

export async function getProsecution(services: Services, actor: Actor, caseId: string) {
  return onCase(services, actor, caseId, {}, async (trx, access) => {
    const view = await loadProsecution(trx, caseId, { restricted: mayReadRestricted(actor, access) });
    const revealed = view.disclosureInterviews.flatMap((i) => (i.evidenceId ? [i.evidenceId] : []));
    return {
      result: view,
      audit: [
        { action: 'prosecution.read' },
        // The recorded interview's whereabouts are restricted: each reading is logged on its own.
        ...revealed.map((evidenceId) => ({
          action: 'disclosure-interview.reference-read',
          entityType: 'evidence',
          entityId: evidenceId,
          details: { caseId },
        })),
      ],
    };
  });
}

/**
 * Every prosecution write: a change to the case (see `changeCase`) that answers with the prosecution view as
 * it now stands; its audit entries name the case in their details.
 */
function prosecutionChange(
  services: Services,
  actor: Actor,
  caseId: string,
  change: (trx: Transaction<Database>) => Promise<{ events: CaseEvent[]; audit: CaseAuditEntry[] }>,
): Promise<ProsecutionView> {
  return changeCase(services, actor, caseId, async (trx, access) => {
    const { events, audit } = await change(trx);
    return {
      result: await loadProsecution(trx, caseId, { restricted: mayReadRestricted(actor, access) }),
      events,
      audit: audit.map((a) => ({ ...a, details: { caseId, ...a.details } })),
    };
  });
}

export function setCourt(services: Services, actor: Actor, caseId: string, input: Out<typeof CourtInput>) {
  return prosecutionChange(services, actor, caseId, async (trx) => {
    await trx
      .insertInto('case_prosecutions')
      .values({ case_id: caseId, court: input.court, court_case_number: input.courtCaseNumber })
      .onConflict((oc) =>
        oc.column('case_id').doUpdateSet({
          court: input.court,
          court_case_number: input.courtCaseNumber,
          updated_at: new Date(),
        }),
      )
      .execute();
    return {
      events: [{ kind: 'prosecution.court', summary: `Filed in ${input.court} as ${input.courtCaseNumber}` }],
      audit: [{ action: 'prosecution.court', entityType: 'case', entityId: caseId }],
    };
  });
}

async function caseSubject(trx: Transaction<Database>, caseId: string, subjectId: string) {
  const subject = await trx
    .selectFrom('case_subjects')
    .select(['id', 'label'])
    .where('id', '=', subjectId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!subject)
    throw new AppError('validation_failed', 'subjectId: no such subject in this case', 'subjectId');
  return subject;
}

/** Charges an accused under a catalogue offence; the same charge sent again is kept once. */
export function addCharge(services: Services, actor: Actor, caseId: string, input: Out<typeof ChargeInput>) {
  return prosecutionChange(services, actor, caseId, async (trx) => {
    const subject = await caseSubject(trx, caseId, input.subjectId);
    const statute = await trx
      .selectFrom('statutes')
      .select(['id', 'code', 'section'])
      .where('id', '=', input.statuteId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!statute) {
      throw new AppError('validation_failed', 'statuteId: no such offence in the catalogue', 'statuteId');
    }
    const added = await trx
      .insertInto('case_charges')
      .values({
        case_id: caseId,
        subject_id: subject.id,
        statute_id: statute.id,
        counts: input.counts,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.columns(['subject_id', 'statute_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!added) return { events: [], audit: [] };
    return {
      events: [
        {
          kind: 'charge.add',
          summary: `${subject.label} charged under ${statuteName(statute)} (${input.counts} count${input.counts > 1 ? 's' : ''})`,
          detail: { chargeId: added.id },
        },
      ],
      audit: [
        {
          action: 'charge.create',
          entityType: 'charge',
          entityId: added.id,
          details: { subjectId: subject.id, statuteId: statute.id, counts: input.counts },
        },
      ],
    };
  });
}

/** Records a charge's verdict, sentence or appeal; what the request leaves out is kept. */
export function recordChargeOutcome(
  services: Services,
  actor: Actor,
  caseId: string,
  chargeId: string,
  input: Out<typeof ChargeOutcomeInput>,
) {
  return prosecutionChange(services, actor, caseId, async (trx) => {
    const set = {
      ...(input.verdict !== undefined ? { verdict: input.verdict } : {}),
      ...(input.verdictOn !== undefined ? { verdict_on: input.verdictOn } : {}),
      ...(input.sentence !== undefined ? { sentence: input.sentence } : {}),
      ...(input.appeal !== undefined
        ? {
            appeal_status: input.appeal?.status ?? null,
            appeal_filed_on: input.appeal?.filedOn ?? null,
            appeal_outcome: input.appeal?.outcome ?? null,
          }
        : {}),
    };
    if (!Object.keys(set).length) {
      throw new AppError(
        'validation_failed',
        'verdict: send a verdict, verdictOn, sentence or appeal',
        'verdict',
      );
    }
    const charge = await trx
      .updateTable('case_charges')
      .set(set)
      .where('id', '=', chargeId)
      .where('case_id', '=', caseId)
      .returning(['id', 'verdict'])
      .executeTakeFirst();
    if (!charge) throw recordNotFound('charge');
    const [view] = (await loadCharges(trx, caseId)).filter((c) => c.id === chargeId);
    const what = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
    return {
      events: [
        {
          kind: 'charge.outcome',
          summary: `${view!.subject.label}, ${statuteName(view!.statute)}: ${[
            view!.verdict ?? 'no verdict',
            view!.sentence ? `sentence ${view!.sentence}` : '',
            view!.appeal ? `appeal ${view!.appeal.status}` : '',
          ]
            .filter(Boolean)
            .join(', ')}`,
          detail: { chargeId },
        },
      ],
      audit: [
        { action: 'charge.update', entityType: 'charge', entityId: chargeId, details: { changed: what } },
      ],
    };
  });
}

/** A court date; the same hearing (time and kind) sent again is kept once. */
export function addHearing(
  services: Services,
  actor: Actor,
  caseId: string,
  input: Out<typeof HearingInput>,
) {
  return prosecutionChange(services, actor, caseId, async (trx) => {
    const added = await trx
      .insertInto('case_hearings')
      .values({
        case_id: caseId,
        at: input.at,
        kind: input.kind,
        outcome: input.outcome ?? null,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.columns(['case_id', 'at', 'kind']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!added) return { events: [], audit: [] };
    return {
      events: [
        {
          kind: 'hearing.add',
          summary: `Hearing (${input.kind}) on ${input.at.slice(0, 10)}${input.outcome ? `: ${input.outcome}` : ''}`,
          detail: { hearingId: added.id },
        },
      ],
      audit: [
        {
          action: 'hearing.create',
          entityType: 'hearing',
          entityId: added.id,
          details: { kind: input.kind },
        },
      ],
    };
  });
}

/** Records what came of a hearing. */
export function recordHearingOutcome(
  services: Services,
  actor: Actor,
  caseId: string,
  hearingId: string,
  input: Out<typeof HearingOutcomeInput>,
) {
  return prosecutionChange(services, actor, caseId, async (trx) => {
    const hearing = await trx
      .updateTable('case_hearings')
      .set({ outcome: input.outcome })
      .where('id', '=', hearingId)
      .where('case_id', '=', caseId)
      .returning(['kind', 'at'])
      .executeTakeFirst();
    if (!hearing) throw recordNotFound('hearing');
    return {
      events: [
        {
          kind: 'hearing.outcome',
          summary: `Hearing (${hearing.kind}) on ${hearing.at.toISOString().slice(0, 10)}: ${input.outcome}`,
          detail: { hearingId },
        },
      ],
      audit: [{ action: 'hearing.update', entityType: 'hearing', entityId: hearingId }],
    };
  });
}

/** Records the decision on a plea agreement. */
export function decidePlea(
  services: Services,
  actor: Actor,
  caseId: string,
  pleaId: string,
  input: Out<typeof PleaStatusInput>,
) {
  return prosecutionChange(services, actor, caseId, async (trx) => {
    const plea = await trx
      .updateTable('plea_agreements')
      .set({ status: input.status })
      .where('id', '=', pleaId)
      .where('case_id', '=', caseId)
      .returning('subject_id')
      .executeTakeFirst();
    if (!plea) throw recordNotFound('plea agreement');
    const subject = await caseSubject(trx, caseId, plea.subject_id);
    return {
      events: [
        {
          kind: 'plea.decision',
          summary: `Plea agreement for ${subject.label} ${input.status}`,
          detail: { pleaId },
        },
      ],
      audit: [
        { action: 'plea.update', entityType: 'plea', entityId: pleaId, details: { status: input.status } },
      ],
    };
  });
}

/** A plea agreement offered to an accused; the same subject and date again is kept once. */
export function addPlea(services: Services, actor: Actor, caseId: string, input: Out<typeof PleaInput>) {
  return prosecutionChange(services, actor, caseId, async (trx) => {
    const subject = await caseSubject(trx, caseId, input.subjectId);
    const added = await trx
      .insertInto('plea_agreements')
      .values({
        case_id: caseId,
        subject_id: subject.id,
        offered_on: input.offeredOn,
        summary: input.summary,
        status: input.status,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.columns(['subject_id', 'offered_on']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!added) return { events: [], audit: [] };
    return {
      events: [
        {
          kind: 'plea.add',
          summary: `Plea agreement for ${subject.label} (${input.status})`,
          detail: { pleaId: added.id },
        },
      ],
      audit: [
        {
          action: 'plea.create',
          entityType: 'plea',
          entityId: added.id,
          details: { subjectId: subject.id, status: input.status },
        },
      ],
    };
  });
}

/**
 * Flags that the child's disclosure interview was recorded, pointing at the restricted evidence item that
 * holds the recording: one per child, so the interview is reused rather than repeated.
 */
export function recordDisclosureInterview(
  services: Services,
  actor: Actor,
  caseId: string,
  input: Out<typeof DisclosureInterviewInput>,
) {
  return prosecutionChange(services, actor, caseId, async (trx) => {
    const victim = await trx
      .selectFrom('case_victims')
      .select(['id', 'pseudonym'])
      .where('id', '=', input.victimId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!victim) throw new AppError('validation_failed', 'victimId: no such victim in this case', 'victimId');
    const evidence = await trx
      .selectFrom('evidence_items')
      .select(['id', 'restricted'])
      .where('id', '=', input.evidenceId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!evidence?.restricted) {
      throw new AppError(
        'validation_failed',
        'evidenceId: must be a restricted evidence item of this case (the recording is for the team and prosecutors only)',
        'evidenceId',
      );
    }
    const existing = await trx
      .selectFrom('disclosure_interviews')
      .select('evidence_id')
      .where('victim_id', '=', victim.id)
      .executeTakeFirst();
    if (existing) {
      if (existing.evidence_id === evidence.id) return { events: [], audit: [] };
      throw new AppError(
        'conflict',
        `victimId: ${victim.pseudonym}'s disclosure interview is already recorded; reuse that recording`,
        'victimId',
      );
    }
    await trx
      .insertInto('disclosure_interviews')
      .values({
        victim_id: victim.id,
        case_id: caseId,
        evidence_id: evidence.id,
        recorded_on: input.recordedOn,
        recorded_by: input.recordedBy,
        created_by: actor.userId,
      })
      .execute();
    return {
      events: [
        {
          kind: 'disclosure-interview.recorded',
          summary: `Disclosure interview of ${victim.pseudonym} recorded; reuse it, do not repeat it`,
        },
      ],
      audit: [
        {
          action: 'disclosure-interview.record',
          entityType: 'victim',
          entityId: victim.id,
          details: { evidenceId: evidence.id },
        },
      ],
    };
  });
}

import { matchSubject, type ConsentInput, type ConsentView } from '@sinag/core';
import type { z } from 'zod';
import type { ConsentWithdrawalInput } from '@sinag/core';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { createdBefore, rememberCreated, replayed, type Once } from './idempotency.ts';
import { day, requireInCase, subjectsForConflict, type Trx } from './people-common.ts';
import { onCase } from './work.ts';

const consentQuery = (trx: Trx) =>
  trx
    .selectFrom('consent_records as c')
    .leftJoin('users as rec', 'rec.id', 'c.recorded_by')
    .leftJoin('users as wd', 'wd.id', 'c.withdrawn_by')
    .select([
      'c.id',
      'c.victim_id',
      'c.purpose',
      'c.given_by',
      'c.granted',
      day('c.given_on').as('given_on'),
      'c.note',
      'rec.username as recorded_by',
      'c.recorded_at',
      day('c.withdrawn_on').as('withdrawn_on'),
      'wd.username as withdrawn_by',
      'c.withdrawal_note',
    ]);

type ConsentRow = Awaited<ReturnType<ReturnType<typeof consentQuery>['executeTakeFirstOrThrow']>>;

const toConsent = (r: ConsentRow): ConsentView => ({
  id: r.id,
  victimId: r.victim_id,
  purpose: r.purpose as ConsentView['purpose'],
  givenBy: r.given_by as ConsentView['givenBy'],
  granted: r.granted,
  givenOn: r.given_on,
  note: r.note,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at.toISOString(),
  withdrawnOn: r.withdrawn_on,
  withdrawnBy: r.withdrawn_by,
  withdrawalNote: r.withdrawal_note,
});

export async function listConsents(services: Services, actor: Actor, caseId: string, victimId: string) {
  return onCase(services, actor, caseId, {}, async (trx) => {
    await requireInCase(trx, 'case_victims', caseId, [victimId]);
    const rows = await consentQuery(trx)
      .where('c.victim_id', '=', victimId)
      .orderBy('c.recorded_at')
      .execute();
    return {
      result: { items: rows.map(toConsent) },
      audit: [{ action: 'consent.list', entityType: 'case-victim', entityId: victimId, details: { caseId } }],
    };
  });
}

/**
 * Records a consent decision. A guardian who is a subject of the case cannot decide for the child: refused,
 * and the guardian's name is only checked, never stored.
 */
export async function recordConsent(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  input: z.output<typeof ConsentInput>,
  once?: Once,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    await requireInCase(trx, 'case_victims', caseId, [victimId]);
    const before = await createdBefore(trx, actor, once);
    if (before)
      return {
        result: toConsent(await consentQuery(trx).where('c.id', '=', before).executeTakeFirstOrThrow()),
        audit: [replayed('consent', before)],
      };
    if (input.guardian) {
      const subject = matchSubject(
        { ...input.guardian, identifiers: [] },
        await subjectsForConflict(trx, caseId, victimId),
      );
      if (subject)
        throw new AppError(
          'conflict',
          'guardian: the guardian is a subject of this case and cannot give consent for the child',
          'guardian',
        );
    }
    const { id } = await trx
      .insertInto('consent_records')
      .values({
        victim_id: victimId,
        purpose: input.purpose,
        given_by: input.givenBy,
        granted: input.granted,
        given_on: input.givenOn,
        note: input.note ?? null,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await rememberCreated(trx, actor, once, id);
    return {
      result: toConsent(await consentQuery(trx).where('c.id', '=', id).executeTakeFirstOrThrow()),
      audit: [
        {
          action: 'consent.record',
          entityType: 'consent',
          entityId: id,
          details: {
            caseId,
            victimId,
            purpose: input.purpose,
            granted: input.granted,
            givenBy: input.givenBy,
          },
        },
      ],
    };
  });
}

/** Withdrawal is written onto the record, which is kept. */
export async function withdrawConsent(
  services: Services,
  actor: Actor,
  caseId: string,
  victimId: string,
  consentId: string,
  input: z.output<typeof ConsentWithdrawalInput>,
) {
  return onCase(services, actor, caseId, { write: true, refuseClosed: true }, async (trx) => {
    await requireInCase(trx, 'case_victims', caseId, [victimId]);
    const updated = await trx
      .updateTable('consent_records')
      .set({
        withdrawn_on: input.withdrawnOn,
        withdrawn_by: actor.userId,
        withdrawal_note: input.note ?? null,
      })
      .where('id', '=', consentId)
      .where('victim_id', '=', victimId)
      .where('withdrawn_on', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) {
      const exists = await consentQuery(trx)
        .where('c.id', '=', consentId)
        .where('c.victim_id', '=', victimId)
        .executeTakeFirst();
      if (!exists) throw new AppError('not_found', 'No such consent record for this victim.');
      throw new AppError('conflict', 'This consent has already been withdrawn.');
    }
    return {
      result: toConsent(await consentQuery(trx).where('c.id', '=', consentId).executeTakeFirstOrThrow()),
      audit: [
        {
          action: 'consent.withdraw',
          entityType: 'consent',
          entityId: consentId,
          details: { caseId, victimId },
        },
      ],
    };
  });
}

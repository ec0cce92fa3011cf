import {
  RESPONSE_CLOCK_RUNNING,
  type Band,
  type PriorityOverrideInput,
  type ReferralPage,
} from '@sinag/core';
import { appendAudit, audited, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { ReferralRow } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { cappedCount, toSummaries } from '../referrals/repository.ts';
import type { Services } from '../services.ts';
import { priorityViewOf } from './view.ts';

/**
 * Sets (band and reason) or clears (null) an analyst's override of a referral's band, audited in the same
 * transaction. The reason stays on the referral, not in the audit log, which keeps no free text.
 */
export async function setPriorityOverride(
  services: Services,
  actor: Actor,
  id: string,
  input: PriorityOverrideInput | null,
) {
  return audited(services.db, auditActor(actor), async (trx) => {
    const row: ReferralRow | undefined = await trx
      .updateTable('referrals')
      .set(
        input
          ? {
              override_band: input.band,
              override_reason: input.reason,
              override_by: actor.userId,
              override_at: new Date(),
            }
          : { override_band: null, override_reason: null, override_by: null, override_at: null },
      )
      .where('id', '=', id)
      .where('organisation_id', '=', actor.organisationId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'No such referral, or it is not visible to your organisation.');
    const details: { scoredBand: string; band?: Band } = { scoredBand: row.priority_band };
    if (input) details.band = input.band;
    return {
      result: { priority: await priorityViewOf(trx, row), dueAt: row.due_at?.toISOString() ?? null },
      events: [
        {
          action: input ? 'referral.priority.override' : 'referral.priority.override-clear',
          entityType: 'referral',
          entityId: id,
          details,
        },
      ],
    };
  });
}

/** The caller's organisation's referrals past their response target and still waiting, longest overdue first. */
export async function listBreaches(
  services: Services,
  actor: Actor,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<ReferralPage> {
  const now = new Date();
  const base = services.db
    .selectFrom('referrals')
    .where('organisation_id', '=', actor.organisationId)
    .where('status', 'in', RESPONSE_CLOCK_RUNNING)
    .where('due_at', '<', now);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('due_at')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    cappedCount(services.db, base),
  ]);
  await services.db.transaction().execute((trx) =>
    appendAudit(trx, auditActor(actor), [
      {
        action: 'referral.list',
        entityType: 'referral',
        details: { view: 'breaches', page, returned: rows.map((r) => r.id) },
      },
    ]),
  );
  return { items: await toSummaries(services.db, rows), ...count, page, pageSize };
}

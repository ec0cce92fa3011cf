import { ReferralInput, type FinanceAlertDetail, type ReferralData } from '@sinag/core';
import type { Transaction } from 'kysely';
import { appendAudit, audited, type AuditEvent } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import { recordCaseEvents } from '../cases/timeline.ts';
import type { Database } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { createReferral } from '../referrals/service.ts';
import type { Services } from '../services.ts';
import type { FinanceActor } from './actor.ts';
import { alertDetail, findAlert } from './alerts.ts';
import { queueRescoring } from '../triage/rescore.ts';

type AlertAction = 'dismissed' | 'escalated' | 'linked-case' | 'referred';

/** Records what an analyst did with an alert, with its audit entry, in the caller's transaction. */
async function recordAction(
  trx: Transaction<Database>,
  who: FinanceActor,
  alertId: string,
  action: AlertAction,
  reason: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await trx
    .insertInto('finance_alert_actions')
    .values({ alert_id: alertId, action, reason, actor_id: who.userId, actor_name: who.displayName })
    .execute();
  const event: AuditEvent = {
    action: `finance.alert.${action}`,
    entityType: 'finance-alert',
    entityId: alertId,
    details: { ...details, withReason: reason !== null },
  };
  await appendAudit(trx, who.by, [event]);
}

/** Dismisses an alert with a reason; it stays dismissed unless its score rises (see REOPEN_MARGIN). */
export async function dismissAlert(
  services: Services,
  who: FinanceActor,
  id: string,
  reason: string,
): Promise<FinanceAlertDetail> {
  return services.db.transaction().execute(async (trx) => {
    const alert = await findAlert(trx, who, id, true);
    await trx
      .updateTable('finance_alerts')
      .set({ status: 'dismissed', dismissed_score: alert.score, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAction(trx, who, id, 'dismissed', reason, { score: alert.score });
    return alertDetail(trx, who, id);
  });
}

/** Marks an alert for a senior analyst or the financial intelligence unit. */
export async function escalateAlert(
  services: Services,
  who: FinanceActor,
  id: string,
  reason: string | undefined,
): Promise<FinanceAlertDetail> {
  return services.db.transaction().execute(async (trx) => {
    const alert = await findAlert(trx, who, id, true);
    if (alert.status === 'dismissed')
      throw new AppError('conflict', 'status: a dismissed alert cannot be escalated', 'status');
    await trx
      .updateTable('finance_alerts')
      .set({ status: 'escalated', updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAction(trx, who, id, 'escalated', reason ?? null);
    return alertDetail(trx, who, id);
  });
}

/**
 * Links an alert to one of the organisation's cases, by hand: the case's timeline says so, and its referrals
 * are scored again (a linked financial alert raises their priority).
 */
export async function linkAlertToCase(
  services: Services,
  who: FinanceActor,
  id: string,
  caseId: string,
  reason: string | undefined,
): Promise<FinanceAlertDetail> {
  return services.db.transaction().execute(async (trx) => {
    const alert = await findAlert(trx, who, id, true);
    const target = await trx
      .selectFrom('cases')
      .select(['id', 'reference'])
      .where('id', '=', caseId)
      .where('organisation_id', '=', who.organisationId)
      .executeTakeFirst();
    if (!target) throw new AppError('not_found', 'caseId: no such case in your organisation', 'caseId');
    const added = await trx
      .insertInto('finance_alert_links')
      .values({
        alert_id: id,
        case_id: caseId,
        matched_by: 'analyst',
        strength: 'manual',
        created_by: who.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('case_id')
      .execute();
    if (!added.length) return alertDetail(trx, who, id);
    await recordAction(trx, who, id, 'linked-case', reason ?? null, { caseId });
    await recordCaseEvents(trx, { userId: who.userId!, displayName: who.displayName }, caseId, [
      {
        kind: 'finance.alert.linked',
        summary: `Financial alert on ${alert.party_role} ${alert.party_id} (score ${alert.score}) linked`,
        detail: { alertId: id, typology: alert.typology, score: alert.score },
      },
    ]);
    const referrals = await trx
      .selectFrom('case_referrals')
      .select('referral_id')
      .where('case_id', '=', caseId)
      .execute();
    await queueRescoring(
      trx,
      referrals.map((r) => r.referral_id),
    );
    return alertDetail(trx, who, id);
  });
}

/** The referral an alert becomes: a financial lead naming the party by its identifiers, nothing about a child. */
function referralFromAlert(alert: FinanceAlertDetail): ReferralData {
  const mine = alert.transactions.filter((t) => t.inAlert);
  const identifiers = [{ kind: 'payment-account' as const, value: alert.party.id }];
  const summary =
    `Financial screening raised a ${alert.typology} alert (score ${alert.score}) on ${alert.party.role} ` +
    `${alert.party.id}: ${alert.indicators.map((i) => `${i.id} ${i.detail}`).join('; ')}`;
  return ReferralInput.parse({
    source: 'financial-lead',
    incident: {
      type: alert.typology === 'sextortion' ? 'sextortion' : 'suspicious-payment',
      summary: summary.slice(0, 5000),
      ...(mine.length ? { occurredAt: mine.at(-1)!.at } : {}),
    },
    reporter: { kind: 'financial-institution', name: 'Sinag financial screening' },
    reportedPersons: [
      {
        name: alert.partyName ?? undefined,
        identifiers,
      },
    ],
    notes: `Payments in the alert: ${alert.transactionIds.slice(0, 200).join(', ')}`,
  });
}

/**
 * Turns an alert no referral is linked to into a referral in the queue (source financial-lead), linked back to
 * the alert. Asking again returns the same referral.
 */
export async function referAlert(
  services: Services,
  actor: Actor,
  who: FinanceActor,
  id: string,
): Promise<{ alertId: string; referralId: string; reference: string }> {
  const alert = await services.db.transaction().execute((trx) => alertDetail(trx, who, id));
  const existing = await services.db
    .selectFrom('finance_alerts')
    .innerJoin('referrals', 'referrals.id', 'finance_alerts.referral_id')
    .select(['referrals.id', 'referrals.reference'])
    .where('finance_alerts.id', '=', id)
    .executeTakeFirst();
  if (existing) return { alertId: id, referralId: existing.id, reference: existing.reference };
  if (alert.links.some((l) => l.kind === 'referral'))
    throw new AppError('conflict', 'links: the alert is already linked to a referral', 'links');
  // The key makes a retried request (or a double click) return the first referral.
  const created = await createReferral(services, actor, referralFromAlert(alert), `finance-alert:${id}`);
  await audited(services.db, who.by, async (trx) => {
    await trx
      .updateTable('finance_alerts')
      .set({ referral_id: created.id, status: 'referred', updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('finance_alert_links')
      .values({
        alert_id: id,
        referral_id: created.id,
        matched_by: 'referral made from the alert',
        strength: 'manual',
        created_by: who.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('finance_alert_actions')
      .values({
        alert_id: id,
        action: 'referred',
        reason: null,
        actor_id: who.userId,
        actor_name: who.displayName,
      })
      .execute();
    return {
      result: undefined,
      events: [
        {
          action: 'finance.alert.referred',
          entityType: 'finance-alert',
          entityId: id,
          details: { referralId: created.id },
        },
      ],
    };
  });
  return { alertId: id, referralId: created.id, reference: created.reference };
}

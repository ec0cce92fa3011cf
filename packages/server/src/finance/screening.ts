import { createScreener, FlushSchedule, type FinanceImportResult } from '@sinag/core';
import { appendAudit } from '../audit/log.ts';
import type { Services } from '../services.ts';
import type { FinanceActor } from './actor.ts';
import { storeAlerts } from './alert-store.ts';
import { currentScreeningConfig } from './configs.ts';
import { knownParties } from './known-parties.ts';
import { transactionsFrom } from './transactions.ts';

const DAY = 86_400_000;

export type ScreeningSummary = FinanceImportResult['screening'];

/**
 * Screens an organisation's payments from `from` on (the earliest new one) with the configuration in force,
 * replaying the window before it from the database first so every sliding window is whole, and stores what
 * the engine raises. Payments are read back a page at a time: memory follows the parties active in the window.
 */
export async function screenFrom(
  services: Services,
  who: FinanceActor,
  from: Date | null,
): Promise<ScreeningSummary> {
  const config = await currentScreeningConfig(services.db, who.organisationId);
  const summary: ScreeningSummary = {
    configVersion: config.version,
    transactionsScreened: 0,
    alertsRaised: 0,
    alertsUpdated: 0,
  };
  if (!from) return summary;
  const known = knownParties(services.db, who.organisationId);
  const screener = createScreener(config, { knownParty: known.describe });
  // An alert raised at one flush and strengthened at a later one of the same run counts once, as raised.
  const raised = new Set<string>();
  const updated = new Set<string>();
  const schedule = new FlushSchedule(config.windowDays);
  const store = async () => {
    schedule.flushed();
    const stored = await storeAlerts(services, who.organisationId, config.version, screener.flush());
    for (const id of stored.raised) raised.add(id);
    for (const id of stored.updated) if (!raised.has(id)) updated.add(id);
    summary.alertsRaised = raised.size;
    summary.alertsUpdated = updated.size;
  };
  for await (const page of transactionsFrom(
    services.db,
    who.organisationId,
    new Date(from.getTime() - config.windowDays * DAY),
  )) {
    // Only the parties of payments the screener keeps are ever asked about.
    await known.prepare(page.filter(screener.screens));
    for (const transaction of page) {
      if (schedule.flushBefore(transaction.at)) await store();
      screener.push(transaction);
      if (schedule.pushed(transaction.at)) await store();
    }
    summary.transactionsScreened += page.length;
  }
  await store();
  await services.db.transaction().execute((trx) =>
    appendAudit(trx, who.by, [
      {
        action: 'finance.screening',
        entityType: 'finance-alert',
        details: { ...summary, from: from.toISOString() },
      },
    ]),
  );
  return summary;
}

import { generateDemoReferrals, pickDemoCases, type ReferralInput } from '@sinag/core';
import type { AuditActor } from '../audit/log.ts';
import { createReferralsBulk } from '../referrals/service.ts';
import type { Services } from '../services.ts';
import { intakeOrganisationId } from '../users/service.ts';
import { CASE_STORIES, openDemoCase } from './cases.ts';
import { demoPaymentFile, importDemoPayments, type DemoPaymentFile } from './finance.ts';
import { newDemoReferrals, workDemoReferrals } from './referral-work.ts';
import { demoStaff } from './users.ts';

const DEMO_SETTING = 'demo_loaded_at';
const DAY_MS = 86_400_000;
/** Financial-lead referrals that name a planted party of the payment file, so alerts link to them. */
const PAYMENT_LEADS = 12;

export interface DemoResult {
  loaded: boolean;
  referrals: number;
  /** Of them, closed or merged into a case: the centre's past work. */
  worked: number;
  cases: number;
  paymentAlerts: number;
}

/**
 * Gives a few older financial-lead referrals the account of a planted offender or facilitator: the bank's
 * report that screening later confirms. Older ones, so they are worked rather than waiting in the queue.
 */
function nameParties(referrals: ReferralInput[], file: DemoPaymentFile, now: Date): void {
  const leads = referrals.filter(
    (r) => r.source === 'financial-lead' && now.getTime() - Date.parse(r.receivedAt ?? '') > 10 * DAY_MS,
  );
  leads.slice(0, PAYMENT_LEADS).forEach((referral, n) => {
    const party = file.parties[n % file.parties.length];
    if (party) {
      referral.reportedPersons?.[0]?.identifiers?.push({ kind: 'payment-account', value: party.id });
    }
  });
}

/**
 * Loads the demo centre into the intake organisation, once: its staff, synthetic referrals of which the older
 * ones were worked (assigned, closed or merged into cases), a few cases at different stages, and a payment file
 * screened into alerts. Everything goes through the services, so it is valid and audited. A second call does
 * nothing unless `force` is set; then another, differently seeded batch of referrals is added and worked.
 */
export async function loadDemo(
  services: Services,
  by: AuditActor,
  options: { count?: number; force?: boolean; seed?: number } = {},
): Promise<DemoResult> {
  const done = await services.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', DEMO_SETTING)
    .executeTakeFirst();
  if (done && !options.force) return { loaded: false, referrals: 0, worked: 0, cases: 0, paymentAlerts: 0 };
  const organisationId = await intakeOrganisationId(services);
  const now = new Date();
  const staff = await demoStaff(services, by, organisationId);
  const referrals = generateDemoReferrals({ count: options.count ?? 300, seed: options.seed, now });
  // The cases and the payment file come with the first load only; a forced load adds referrals.
  const payments = done ? undefined : demoPaymentFile(now, options.seed ?? 2019);
  if (payments) nameParties(referrals, payments, now);
  const created = await createReferralsBulk(
    services,
    { organisationId, createdBy: by.userId },
    by,
    referrals.map((data) => ({ data })),
  );
  const ids = created.map((r) => r.id);
  // Cases and payments first: they add facts that can raise linked referrals' priority; the queue is planned
  // on the bands that result.
  const stories = done ? [] : CASE_STORIES;
  const picked = pickDemoCases(await newDemoReferrals(services, ids), { now, stories });
  let cases = 0;
  let inCases = 0;
  for (const [n, story] of stories.entries()) {
    if (!picked[n]?.length) continue;
    await openDemoCase(services, staff, story, picked[n], now.getTime());
    cases++;
    inCases += picked[n].length;
  }
  const imported = payments && (await importDemoPayments(services, staff.financialAnalyst, payments));
  const closed = await workDemoReferrals(services, staff, ids, { now, seed: options.seed });
  await services.db
    .insertInto('settings')
    .values({ key: DEMO_SETTING, value: JSON.stringify(now.toISOString()) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(now.toISOString()) }))
    .execute();
  return {
    loaded: true,
    referrals: created.length,
    worked: closed + inCases,
    cases,
    paymentAlerts: imported?.screening.alertsRaised ?? 0,
  };
}

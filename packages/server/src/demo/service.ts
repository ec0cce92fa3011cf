import { generateDemoReferrals } from '@sinag/core';
import type { AuditActor } from '../audit/log.ts';
import { createReferralsBulk } from '../referrals/service.ts';
import type { Services } from '../services.ts';
import { intakeOrganisationId } from '../users/service.ts';

const DEMO_SETTING = 'demo_loaded_at';

export interface DemoResult {
  loaded: boolean;
  referrals: number;
}

/**
 * Loads the synthetic demo referrals into the intake organisation, once: a second call does nothing
 * unless `force` is set (then another, differently seeded batch is added).
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
  if (done && !options.force) return { loaded: false, referrals: 0 };
  const organisationId = await intakeOrganisationId(services);
  const referrals = generateDemoReferrals({
    count: options.count ?? 300,
    seed: options.seed,
    now: new Date(),
  });
  const created = await createReferralsBulk(
    services,
    { organisationId, createdBy: by.userId },
    by,
    referrals.map((data) => ({ data })),
  );
  await services.db
    .insertInto('settings')
    .values({ key: DEMO_SETTING, value: JSON.stringify(new Date().toISOString()) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(new Date().toISOString()) }))
    .execute();
  return { loaded: true, referrals: created.length };
}

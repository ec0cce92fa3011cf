import { verifyAuditLog, type Services } from '@sinag/server';
import type { StoredChecks } from './benchmarks/types.ts';

/**
 * After timing: every referral sent is stored, and the audit hash chain still verifies end to end
 * (concurrent appends must not have broken it). Throws when a count is off.
 */
export async function checkStored(services: Services, expectedReferrals: number): Promise<StoredChecks> {
  const { n } = await services.db
    .selectFrom('referrals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const referralsStored = Number(n);
  if (referralsStored !== expectedReferrals) {
    throw new Error(`expected ${expectedReferrals} referrals in the database, found ${referralsStored}`);
  }
  const chain = await verifyAuditLog(services.db);
  if (!chain.ok)
    throw new Error(`the audit chain does not verify: ${chain.reason} (entry ${chain.brokenAt})`);
  return { referralsStored, auditEntries: chain.entries, auditChainValid: chain.ok };
}

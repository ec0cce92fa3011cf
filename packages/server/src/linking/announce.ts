import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { queueRescoring } from '../triage/rescore.ts';

/**
 * The one place where a change of clusters is announced, in the transaction that made it: the referrals
 * given are those whose cluster facts (`clusterFacts`) changed (see `mergeComponents`), so triage scores
 * them again.
 */
export async function onClustersChanged(trx: Transaction<Database>, referralIds: string[]): Promise<void> {
  await queueRescoring(trx, referralIds);
}

import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The one place where a change of clusters is announced, in the transaction that made it: the referrals
 * given are every member of a cluster that grew or merged, whose cluster facts (`clusterFacts`) changed.
 * Triage re-scores them: the integration connects this to `queueRescoring(trx, referralIds)`.
 */
export async function onClustersChanged(_trx: Transaction<Database>, _referralIds: string[]): Promise<void> {}

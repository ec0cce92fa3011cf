import type { TriageLinks } from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export const NO_LINKS: TriageLinks = { referrals: 0, openCases: 0 };

/**
 * How many other referrals and open cases each referral is linked to. Linking (identifier clusters) is
 * built separately; until it is wired in here, no referral counts as linked.
 */
export async function triageLinksOf(
  _db: Kysely<Database> | Transaction<Database>,
  referralIds: string[],
): Promise<Map<string, TriageLinks>> {
  return new Map(referralIds.map((id) => [id, NO_LINKS]));
}

import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Takes up to `limit` referrals off a work queue (matching, re-scoring), oldest first, in the caller's
 * transaction: they are back on it if the work fails, and rows another worker holds are skipped.
 */
export async function takeQueued(
  trx: Transaction<Database>,
  queue: 'match_queue' | 'triage_queue',
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ referral_id: string }>`
    delete from ${sql.table(queue)} where referral_id in (
      select referral_id from ${sql.table(queue)} order by queued_at limit ${limit} for update skip locked)
    returning referral_id`.execute(trx);
  return rows.map((row) => row.referral_id);
}

import type { PriorityView } from '@sinag/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ReferralRow } from '../db/schema.ts';

/** A referral's priority as the API shows it: the scoring, and the override (with who made it) if any. */
export async function priorityViewOf(
  db: Kysely<Database> | Transaction<Database>,
  row: ReferralRow,
): Promise<PriorityView> {
  const overrider =
    row.override_by === null
      ? undefined
      : await db
          .selectFrom('users')
          .select('display_name')
          .where('id', '=', row.override_by)
          .executeTakeFirst();
  return {
    band: row.priority_band as PriorityView['band'],
    score: row.priority_score,
    factors: row.priority_factors as PriorityView['factors'],
    configVersion: row.triage_config_version,
    override:
      row.override_band === null
        ? null
        : {
            band: row.override_band as PriorityView['band'],
            reason: row.override_reason!,
            by: overrider?.display_name ?? 'a removed user',
            at: row.override_at!.toISOString(),
          },
  };
}

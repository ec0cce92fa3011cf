import type { RoutingRule, TriageConfig } from '@sinag/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { VersionedConfig } from '../triage/configs.ts';

/**
 * What storing a referral needs besides the referral: the factor table in force (to score it) and the routing
 * rules (to route it), read in one round trip — intake runs this once per batch, and per /ispws report.
 */
export async function intakeSettings(
  db: Kysely<Database> | Transaction<Database>,
): Promise<{ triage: VersionedConfig; rules: RoutingRule[] }> {
  const { rows } = await sql<{ version: number; config: TriageConfig; rules: RoutingRule[] }>`
    select c.version, c.config,
      (select coalesce(json_agg(json_build_object(
                 'country', r.country, 'region', r.region, 'destination', r.destination) order by r.position),
               '[]'::json)
         from routing_rules r) as rules
    from triage_configs c order by c.version desc limit 1`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('no triage configuration: the migrations seed version 1');
  return { triage: { version: row.version, config: row.config }, rules: row.rules };
}

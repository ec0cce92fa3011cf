import {
  combineSignals,
  gatherSignals,
  Geolocation,
  type NormalisedReferral,
  type RoutingRule,
} from '@sinag/core';
import { sql } from 'kysely';
import { startLoop, type LoopPacing } from '../background.ts';
import type { Services } from '../services.ts';
import { routingColumns } from './apply.ts';
import { loadRoutingRules } from './rules.ts';

/** Referrals routed per transaction. */
const BATCH = 500;

/**
 * The location a queued referral is routed by: the one found at intake, so a later edition of the IP
 * database does not move it; referrals stored before routing existed are located now, from their data.
 */
function locationOf(
  services: Services,
  row: { geolocation: unknown; data: unknown },
): { geolocation: Geolocation; fresh: boolean } {
  const stored = Geolocation.safeParse(row.geolocation);
  if (stored.success) return { geolocation: stored.data, fresh: false };
  const { signals, unlocated } = gatherSignals(row.data as NormalisedReferral, (ip) =>
    services.geolocator.lookup(ip),
  );
  return { geolocation: combineSignals(signals, unlocated), fresh: true };
}

/**
 * Routes up to `BATCH` queued referrals with the current rules, taking them off the queue in the same
 * transaction. A referral located here for the first time also gets its country and region if it had none.
 * Returns how many it routed.
 */
export async function routeQueuedReferrals(services: Services): Promise<number> {
  return services.db.transaction().execute(async (trx) => {
    const { rows: taken } = await sql<{ referral_id: string }>`
      delete from routing_queue where referral_id in (
        select referral_id from routing_queue order by queued_at limit ${BATCH} for update skip locked)
      returning referral_id`.execute(trx);
    if (!taken.length) return 0;
    const rules: RoutingRule[] = await loadRoutingRules(trx);
    const referrals = await trx
      .selectFrom('referrals')
      .select(['id', 'geolocation', 'data'])
      .where(
        'id',
        'in',
        taken.map((t) => t.referral_id),
      )
      // In id order, as every writer that locks several referrals takes them.
      .orderBy('id')
      .forNoKeyUpdate()
      .execute();
    const updates = referrals.map((row) => {
      const { geolocation, fresh } = locationOf(services, row);
      const columns = routingColumns(geolocation, rules);
      return sql`(${row.id}::uuid, ${columns.geolocation}::jsonb, ${columns.routed_to}, ${columns.routing_reason},
        ${columns.routing_rule}::jsonb, ${fresh ? geolocation.country : null}, ${fresh ? geolocation.region : null})`;
    });
    if (updates.length) {
      await sql`
        update referrals r set geolocation = v.geolocation, routed_to = v.routed_to,
          routing_reason = v.routing_reason, routing_rule = v.routing_rule,
          country = coalesce(r.country, v.country), region = coalesce(r.region, v.region)
        from (values ${sql.join(updates)})
          as v(id, geolocation, routed_to, routing_reason, routing_rule, country, region)
        where r.id = v.id`.execute(trx);
    }
    return taken.length;
  });
}

/** Keeps routing queued referrals in a server (see `startLoop` for the pacing). */
export function startRouting(services: Services, pacing: LoopPacing = {}): { stop(): Promise<void> } {
  return startLoop(() => routeQueuedReferrals(services), 'routing', pacing, BATCH);
}

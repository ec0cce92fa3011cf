import type { Geolocation, RoutingDecision } from '@sinag/core';
import type { ReferralRow } from '../db/schema.ts';

/** A referral's geolocation and routing as the API shows them (null until an older referral is routed). */
export function routingOf(row: ReferralRow): {
  geolocation: Geolocation | null;
  routing: RoutingDecision | null;
} {
  return {
    geolocation: (row.geolocation as Geolocation | null) ?? null,
    routing:
      row.routed_to === null
        ? null
        : {
            destination: row.routed_to,
            reason: row.routing_reason ?? '',
            rule: row.routing_rule as RoutingDecision['rule'],
          },
  };
}

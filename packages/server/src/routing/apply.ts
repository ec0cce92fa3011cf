import { routeReferral, type Geolocation, type RoutingRule } from '@sinag/core';

/** The routing columns of a referral located at `geolocation`, as `rules` route it. */
export function routingColumns(geolocation: Geolocation, rules: RoutingRule[]) {
  const decision = routeReferral(geolocation, rules);
  return {
    geolocation: JSON.stringify(geolocation),
    routed_to: decision.destination,
    routing_reason: decision.reason,
    routing_rule: JSON.stringify(decision.rule),
  };
}

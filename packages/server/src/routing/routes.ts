import { RoutingRules, RoutingRulesInput, RoutingRulesUpdated } from '@sinag/core';
import { defineRoute } from '../http/route.ts';
import { getRoutingRules, updateRoutingRules } from './service.ts';

export const routingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/routing/rules',
    summary: 'The routing rules in order: the first whose country (and region) matches a referral routes it',
    tag: 'routing',
    access: 'referral:read',
    response: RoutingRules,
    async handler({ services }) {
      return getRoutingRules(services);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/routing/rules',
    summary:
      'Replace the routing rules (the last must match every referral). Open referrals nobody has taken up ' +
      'yet are routed again by the new rules in the background.',
    tag: 'routing',
    access: 'routing:manage',
    body: RoutingRulesInput,
    response: RoutingRulesUpdated,
    async handler({ actor, body, services }) {
      return updateRoutingRules(services, actor, body.rules);
    },
  }),
];

import { Graph, GraphQuery, IdParams, ReferralCluster } from '@sinag/core';
import { defineRoute } from '../http/route.ts';
import { getReferralCluster } from './cluster.ts';
import { getGraph } from './graph.ts';

export const linkingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/referrals/:id/cluster',
    summary:
      'The referral’s cluster: your organisation’s other referrals linked to it by identifiers (and which), ' +
      'other organisations’ referrals counted, open cases with their owner',
    tag: 'linking',
    access: 'referral:read',
    params: IdParams,
    response: ReferralCluster,
    errors: [404],
    async handler({ actor, params, services }) {
      return getReferralCluster(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/graph',
    summary:
      'The neighbours of one node of the link graph (referral ↔ identifier ↔ case), to expand it node by node; ' +
      'at most `limit` of each type, the rest counted',
    tag: 'linking',
    access: 'referral:read',
    query: GraphQuery,
    response: Graph,
    errors: [404],
    async handler({ actor, query, services }) {
      return getGraph(services, actor, query);
    },
  }),
];

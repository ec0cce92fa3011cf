import {
  IdParams,
  SharedCaseView,
  SharedViewQuery,
  ShareInput,
  ShareList,
  ShareListQuery,
  SharePartners,
  ShareView,
  type ShareAction,
} from '@sinag/core';
import { defineRoute } from '../http/route.ts';
import {
  decideShare,
  listCaseShares,
  listShares,
  requestShare,
  sharedCaseView,
  sharePartners,
} from './sharing.ts';

const decision = (action: ShareAction, summary: string) =>
  defineRoute({
    method: 'POST',
    url: `/api/v1/case-shares/:id/${action}`,
    summary,
    tag: 'sharing',
    access: 'case:share',
    params: IdParams,
    response: ShareView,
    errors: [404, 409],
    async handler({ actor, params, services }) {
      return decideShare(services, actor, params.id, action);
    },
  });

/** Sharing, referring and transferring cases between organisations (issue #6 §8). */
export const sharingRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/case-shares/partners',
    summary: 'Organisations a case can be shared with',
    tag: 'sharing',
    access: 'case:share',
    response: SharePartners,
    async handler({ actor, services }) {
      return sharePartners(services, actor);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/case-shares',
    summary: 'Shares, referrals and transfers to (incoming) or from (outgoing) the caller’s organisation',
    tag: 'sharing',
    access: 'case:read',
    query: ShareListQuery,
    response: ShareList,
    async handler({ actor, query, services }) {
      return listShares(services, actor, query.direction);
    },
  }),
  decision('accept', 'Accept a share, referral or transfer offered to the caller’s organisation'),
  decision('reject', 'Reject a share, referral or transfer offered to the caller’s organisation'),
  decision('revoke', 'Revoke a request or a live share of a case the caller’s organisation owns'),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/shares',
    summary: 'Who the case is shared with, referred or transferred to, in every state',
    tag: 'sharing',
    access: 'case:read',
    params: IdParams,
    response: ShareList,
    errors: [404],
    async handler({ actor, params, services }) {
      return listCaseShares(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/shares',
    summary:
      'Offer the case to another organisation: a share or referral at a ceiling (CLEAR, GREEN, AMBER), or a transfer',
    tag: 'sharing',
    access: 'case:share',
    params: IdParams,
    body: ShareInput,
    response: ShareView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, reply, services }) {
      const { share, created } = await requestShare(services, actor, params.id, body);
      if (!created) reply.code(200);
      return share;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/shared',
    summary:
      'The case as an organisation it is shared with sees it at its ceiling (the owner may preview a ceiling)',
    tag: 'sharing',
    access: 'case:read',
    params: IdParams,
    query: SharedViewQuery,
    response: SharedCaseView,
    errors: [404],
    async handler({ actor, params, query, services }) {
      return sharedCaseView(services, actor, params.id, query.ceiling);
    },
  }),
];

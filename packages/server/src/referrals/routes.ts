import {
  IdParams,
  ReferralCreated,
  ReferralDetail,
  ReferralInput,
  ReferralListQuery,
  ReferralPage,
} from '@sinag/core';
import { AppError } from '../http/errors.ts';
import { defineRoute } from '../http/route.ts';
import { createReferral, getReferral, listReferrals } from './service.ts';

export const referralRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/referrals',
    summary: 'Submit a referral in the canonical model. Send an Idempotency-Key header to make retries safe.',
    tag: 'referrals',
    access: 'referral:create',
    body: ReferralInput,
    response: ReferralCreated,
    status: 201,
    errors: [409],
    async handler({ actor, body, request, reply, services }) {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key))) {
        throw new AppError(
          'validation_failed',
          'Idempotency-Key: must be 1–200 visible ASCII characters',
          'Idempotency-Key',
        );
      }
      const created = await createReferral(services, actor, body, key);
      reply.header('location', `/api/v1/referrals/${created.id}`);
      // A replay answers 200 with the first attempt's referral; a new one 201.
      if (created.replayed) reply.code(200);
      return created;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/referrals',
    summary: 'The referral queue: paged, filterable and sortable (default: highest priority, then newest)',
    tag: 'referrals',
    access: 'referral:read',
    query: ReferralListQuery,
    response: ReferralPage,
    async handler({ actor, query, services }) {
      return listReferrals(services, actor, query);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/referrals/:id',
    summary: 'One referral with its priority reasons, files and cases',
    tag: 'referrals',
    access: 'referral:read',
    params: IdParams,
    response: ReferralDetail,
    errors: [404],
    async handler({ actor, params, services }) {
      return getReferral(services, actor, params.id);
    },
  }),
];

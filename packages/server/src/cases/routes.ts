import { CaseDetail, CaseInput, CaseListQuery, CasePage, CaseReferralsInput, IdParams } from '@sinag/core';
import { defineRoute } from '../http/route.ts';
import { exportCases } from './case-export.ts';
import { addReferralsToCase, createCase, getCase, listCases } from './service.ts';

export const caseRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases',
    summary: 'Open a case from one or more referrals',
    tag: 'cases',
    access: 'case:create',
    body: CaseInput,
    response: CaseDetail,
    status: 201,
    async handler({ actor, body, reply, services }) {
      const created = await createCase(services, actor, body);
      reply.header('location', `/api/v1/cases/${created.id}`);
      return created;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases',
    summary: 'Cases of the caller’s organisation, newest first (format=csv: every match as a CSV file)',
    tag: 'cases',
    access: 'case:read',
    query: CaseListQuery,
    response: CasePage,
    async handler({ actor, query, reply, services }) {
      const { format, page, pageSize, ...filter } = query;
      if (format === 'csv') {
        const csv = await exportCases(services, actor, filter);
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="cases.csv"');
        return reply.send(csv);
      }
      return listCases(services, actor, { page, pageSize, ...filter });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id',
    summary: 'One case with its referrals',
    tag: 'cases',
    access: 'case:read',
    params: IdParams,
    response: CaseDetail,
    errors: [404],
    async handler({ actor, params, services }) {
      return getCase(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/referrals',
    summary: 'Merge referrals into an open case',
    tag: 'cases',
    access: 'case:create',
    params: IdParams,
    body: CaseReferralsInput,
    response: CaseDetail,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return addReferralsToCase(services, actor, params.id, body.referralIds);
    },
  }),
];

import { IdParams } from '@sinag/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { caseReport } from './report.ts';

/** The court-ready case report (issue #6 §9). */
export const caseReportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/report',
    summary:
      'The court-ready case report, redacted (victims by pseudonym only): a zip of report.pdf, the same facts as JSON, and manifest.json with each file’s SHA-256',
    tag: 'cases',
    access: 'case:read',
    params: IdParams,
    response: z.string().describe('application/zip'),
    errors: [404],
    async handler({ actor, params, reply, services }) {
      const report = await caseReport(services, actor, params.id);
      reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${report.fileName}"`)
        .header('x-sinag-report-sha256', report.pdfSha256);
      return reply.send(Buffer.from(report.zip));
    },
  }),
];

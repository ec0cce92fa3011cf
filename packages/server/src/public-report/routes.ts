import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../http/errors.ts';
import type { Services } from '../services.ts';
import {
  FOLLOW_UP_FIELDS,
  formValues,
  REPORT_FIELDS,
  validateFollowUp,
  validateReport,
  type FieldErrors,
  type ReportField,
} from './form.ts';
import {
  followUpAddedPage,
  followUpFormPage,
  PAGE_HEADERS,
  problemPage,
  reportAlreadyReceivedPage,
  reportFormPage,
  reportReceivedPage,
} from './html.ts';
import { addFollowUp, newFollowUpCode, newSubmissionToken, submitReport } from './service.ts';

function send(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).headers(PAGE_HEADERS).send(html);
}

/** A reference that looks like a real one, for the page a bot gets. */
function decoyReference(): string {
  return `R-${String(Math.floor(Math.random() * 1e6)).padStart(7, '0')}`;
}

/**
 * The public "report a concern" form: no login, server-rendered HTML, form-urlencoded posts (the parser is
 * registered in this plugin's scope only, so the JSON API still takes JSON alone), per-address rate limits.
 * Logs carry only the route pattern and status (see app.ts); nothing typed in the form is logged or audited.
 */
export function publicReportRoutes(services: Services) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    await app.register(formbody);

    // Everything here answers in HTML, including rate limits and bodies the form cannot read.
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError && error.code === 'rate_limited') {
        reply.headers(error.headers);
        return send(
          reply,
          429,
          problemPage(
            'Too many attempts',
            `Too many reports or attempts came from your network address. Please try again in ${Math.max(
              1,
              Math.ceil(Number(error.headers['retry-after'] ?? 60) / 60),
            )} minute(s); your browser's Back button should still have what you typed.`,
          ),
        );
      }
      const status = error instanceof AppError ? error.status : (error.statusCode ?? 500);
      if (status === 413)
        return send(
          reply,
          413,
          problemPage(
            'Report too long',
            "The report is too long to receive. Go back, shorten it, and send it again; your browser's Back button should still have what you typed.",
          ),
        );
      if (status >= 400 && status < 500)
        return send(
          reply,
          status === 415 ? 415 : 400,
          problemPage('The form could not be read', 'Please send your report from the form on this website.'),
        );
      request.log.error(
        { err: { type: error.name, code: error.code, stack: error.stack } },
        'request failed',
      );
      return send(
        reply,
        500,
        problemPage(
          'Something went wrong',
          'Your report was not saved because of a fault on the server. Please try again in a few minutes.',
        ),
      );
    });

    app.get('/report', async (_request, reply) => send(reply, 200, reportFormPage(newSubmissionToken())));

    app.post(
      '/report',
      { config: { rateLimit: { max: services.config.publicReportsPerHour, timeWindow: '1 hour' } } },
      async (request, reply) => {
        const { values, honeypot } = formValues(request.body, REPORT_FIELDS);
        if (honeypot) {
          // Only a program fills the hidden field. It gets a page that looks like success (200, a code, a
          // reference) rather than an error, so nothing tells it the report was dropped and that it should
          // adapt. Nothing is stored or audited.
          return send(reply, 200, reportReceivedPage(decoyReference(), newFollowUpCode(), false));
        }
        const result = validateReport(values, {
          now: new Date(),
          defaultCountry: services.config.defaultCountry,
        });
        const token = values.token?.match(/^[A-Za-z0-9_-]{16,128}$/) ? values.token : newSubmissionToken();
        if (!result.ok) return send(reply, 400, reportFormPage(token, values, result.errors));
        try {
          const outcome = await submitReport(services, request.ip ?? null, result.report);
          if (outcome.kind === 'replayed')
            return send(reply, 200, reportAlreadyReceivedPage(outcome.reference));
          return send(
            reply,
            200,
            reportReceivedPage(outcome.reference, outcome.code, result.report.escalation),
          );
        } catch (error) {
          // The mapping is checked above; should the canonical model still refuse a value, say so on the form.
          if (error instanceof AppError && error.code === 'validation_failed') {
            const errors: FieldErrors<ReportField> = {
              description: 'the report could not be read as written',
            };
            return send(reply, 400, reportFormPage(token, values, errors));
          }
          throw error;
        }
      },
    );

    app.get('/report/follow-up', async (_request, reply) =>
      send(reply, 200, followUpFormPage(newSubmissionToken())),
    );

    app.post(
      '/report/follow-up',
      { config: { rateLimit: { max: services.config.publicFollowUpsPerHour, timeWindow: '1 hour' } } },
      async (request, reply) => {
        const { values, honeypot } = formValues(request.body, FOLLOW_UP_FIELDS);
        if (honeypot) return send(reply, 200, followUpAddedPage(decoyReference(), false));
        const token = values.token?.match(/^[A-Za-z0-9_-]{16,128}$/) ? values.token : newSubmissionToken();
        const result = validateFollowUp(values);
        if (!result.ok) return send(reply, 400, followUpFormPage(token, values, result.errors));
        const outcome = await addFollowUp(services, request.ip ?? null, result.followUp);
        if (outcome.kind === 'wrong-code') {
          return send(
            reply,
            400,
            followUpFormPage(token, values, {
              code: 'this code does not match any report: check it and try again',
            }),
          );
        }
        return send(reply, 200, followUpAddedPage(outcome.reference, outcome.kind === 'replayed'));
      },
    );
  };
}

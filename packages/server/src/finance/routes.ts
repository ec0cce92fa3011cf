import {
  AlertReferralResult,
  DismissAlertInput,
  EscalateAlertInput,
  FinanceAlertDetail,
  FinanceAlertListQuery,
  FinanceAlertPage,
  FinanceImportQuery,
  FinanceImportResult,
  IdParams,
  LeadPackage,
  LinkAlertToCaseInput,
  ScreeningConfigView,
  type TransactionFileFormat,
} from '@sinag/core';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { uploadedChunks } from '../http/upload.ts';
import { financeActor } from './actor.ts';
import { dismissAlert, escalateAlert, linkAlertToCase, referAlert } from './actions.ts';
import { getAlert, listAlerts } from './alerts.ts';
import { getScreeningConfig, saveScreeningConfig } from './configs.ts';
import { importTransactionFile } from './import.ts';
import { leadPackage } from './lead-package.ts';

const NDJSON_TYPES = /^application\/(x-)?(ndjson|jsonl|jsonlines|json-seq)\b/i;

/**
 * The file's format: as the query says, else as the Content-Type says (text/csv, application/x-ndjson), else
 * by the first character of the (gunzipped) body: `{` starts JSON lines.
 */
async function formatAndChunks(
  request: FastifyRequest,
  stated: TransactionFileFormat | undefined,
): Promise<{ format: TransactionFileFormat; chunks: AsyncIterable<Buffer> }> {
  const chunks = uploadedChunks(request.body as Readable);
  const type = request.headers['content-type'] ?? '';
  if (stated) return { format: stated, chunks };
  if (/^text\/csv\b/i.test(type)) return { format: 'csv', chunks };
  if (NDJSON_TYPES.test(type)) return { format: 'ndjson', chunks };
  const first = await chunks.next();
  const head = first.done ? '' : first.value.toString('utf8', 0, 64).replace(/^\uFEFF?\s*/, '');
  async function* all() {
    if (!first.done) yield first.value;
    yield* chunks;
  }
  return { format: head.startsWith('{') ? 'ndjson' : 'csv', chunks: all() };
}

export const financeRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/finance/transactions',
    summary:
      'Import payments as the file uploads (CSV in the default layout or through a column mapping, or JSON ' +
      'lines; gzip accepted), then screen them. A payment the source sent before is counted, not added again; ' +
      'bad rows are skipped and listed with their line and reason.',
    tag: 'finance',
    access: 'finance:import',
    query: FinanceImportQuery,
    rawBody:
      'The file, as is: text/csv or application/x-ndjson (else recognised by its first byte); gzip-compressed ' +
      'bodies are recognised and decompressed, whatever the Content-Encoding.',
    response: FinanceImportResult,
    async handler({ actor, query, request, services }) {
      const { format, chunks } = await formatAndChunks(request, query.format);
      return importTransactionFile(
        services,
        financeActor(actor),
        { source: query.source, format, mapping: query.mapping },
        chunks,
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/finance/alerts',
    summary: 'Screening alerts of the caller’s organisation, highest score first',
    tag: 'finance',
    access: 'finance:read',
    query: FinanceAlertListQuery,
    response: FinanceAlertPage,
    async handler({ actor, query, services }) {
      return listAlerts(services, financeActor(actor), query);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/finance/alerts/:id',
    summary: 'One alert with the party’s payments, its links and what was done with it',
    tag: 'finance',
    access: 'finance:read',
    params: IdParams,
    response: FinanceAlertDetail,
    errors: [404],
    async handler({ actor, params, services }) {
      return getAlert(services, financeActor(actor), params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/finance/alerts/:id/dismiss',
    summary: 'Dismiss an alert with a reason; it opens again only if its score rises markedly',
    tag: 'finance',
    access: 'finance:manage',
    params: IdParams,
    body: DismissAlertInput,
    response: FinanceAlertDetail,
    errors: [404],
    async handler({ actor, params, body, services }) {
      return dismissAlert(services, financeActor(actor), params.id, body.reason);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/finance/alerts/:id/escalate',
    summary: 'Escalate an alert',
    tag: 'finance',
    access: 'finance:manage',
    params: IdParams,
    body: EscalateAlertInput,
    response: FinanceAlertDetail,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return escalateAlert(services, financeActor(actor), params.id, body.reason);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/finance/alerts/:id/case-links',
    summary: 'Link an alert to a case of the organisation (the case’s timeline records it)',
    tag: 'finance',
    access: 'finance:manage',
    params: IdParams,
    body: LinkAlertToCaseInput,
    response: FinanceAlertDetail,
    errors: [404],
    async handler({ actor, params, body, services }) {
      return linkAlertToCase(services, financeActor(actor), params.id, body.caseId, body.reason);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/finance/alerts/:id/referral',
    summary:
      'Make a referral (source financial-lead) of an alert no referral is linked to; asking again returns it',
    tag: 'finance',
    access: 'finance:manage',
    params: IdParams,
    response: AlertReferralResult,
    errors: [404, 409],
    async handler({ actor, params, services }) {
      return referAlert(services, actor, financeActor(actor), params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/finance/alerts/:id/lead-package',
    summary:
      'A lead package for a financial intelligence unit: the alert and its indicators, its payments as CSV and ' +
      'JSON, and a SHA-256 manifest, as one JSON document',
    tag: 'finance',
    access: 'finance:manage',
    params: IdParams,
    response: LeadPackage,
    errors: [404],
    async handler({ actor, params, reply, services }) {
      const bundle = await leadPackage(services, financeActor(actor), params.id);
      reply.header('content-disposition', `attachment; filename="lead-${params.id}.json"`);
      return bundle;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/finance/screening-config',
    summary: 'The screening configuration in force (the defaults until an admin saves a version)',
    tag: 'finance',
    access: 'finance:read',
    response: ScreeningConfigView,
    async handler({ actor, services }) {
      return getScreeningConfig(services, financeActor(actor));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/finance/screening-config',
    summary: 'Save a new version of the screening configuration; the next screening uses it',
    tag: 'finance',
    access: 'finance:configure',
    body: z.object({ config: z.record(z.string(), z.unknown()) }).strict(),
    response: ScreeningConfigView,
    async handler({ actor, body, services }) {
      return saveScreeningConfig(services, financeActor(actor), body.config);
    },
  }),
];

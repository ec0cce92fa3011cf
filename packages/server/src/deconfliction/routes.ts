import {
  DeconflictionHits,
  DeconflictionPublication,
  DeconflictionPublishInput,
  IdParams,
} from '@sinag/core';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../http/errors.ts';
import { defineRoute } from '../http/route.ts';
import { uploadedChunks } from '../http/upload.ts';
import {
  deconflictionActor,
  deconflictReferral,
  exportPublication,
  importPublication,
  publicationOf,
  publish,
} from './service.ts';

/** The body as text, refused past `limit` bytes. */
async function bodyText(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of uploadedChunks(body)) {
    size += chunk.length;
    if (size > limit)
      throw new AppError(
        'payload_too_large',
        `body: larger than ${limit} bytes (SINAG_IMPORT_BODY_LIMIT)`,
        'body',
      );
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const deconflictionRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/referrals/:id/deconfliction',
    summary:
      'Open cases of other organisations sharing an identifier with the referral, found by comparing keyed ' +
      'hashes (HMAC-SHA-256 with the federation key): who to call, never their data',
    tag: 'deconfliction',
    access: 'referral:read',
    params: IdParams,
    response: DeconflictionHits,
    errors: [404],
    async handler({ actor, params, services }) {
      return deconflictReferral(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/deconfliction/publication',
    summary: 'Your organisation’s deconfliction contact and current publication',
    tag: 'deconfliction',
    access: 'deconfliction:manage',
    response: DeconflictionPublication,
    async handler({ actor, services }) {
      return publicationOf(services, deconflictionActor(actor));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/deconfliction/publish',
    summary:
      'Publish keyed hashes of the strong identifiers in your organisation’s open cases, with a contact; ' +
      'replaces your previous publication',
    tag: 'deconfliction',
    access: 'deconfliction:manage',
    body: DeconflictionPublishInput,
    response: DeconflictionPublication,
    errors: [409],
    async handler({ actor, body, services }) {
      return publish(services, deconflictionActor(actor), body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/deconfliction/export',
    summary:
      'Your organisation’s publication as a file for another Sinag installation sharing the federation key ' +
      '(JSON lines: a header, then one {"hmac": …} per line)',
    tag: 'deconfliction',
    access: 'deconfliction:manage',
    response: z.string(),
    errors: [404, 409],
    async handler({ actor, reply, services }) {
      const text = await exportPublication(services, deconflictionActor(actor));
      reply.type('application/x-ndjson; charset=utf-8');
      return reply.send(text);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/deconfliction/import',
    summary:
      'Import another installation’s publication file (as exported), replacing that organisation’s earlier one',
    tag: 'deconfliction',
    access: 'deconfliction:manage',
    rawBody:
      'The publication file (JSON lines, as GET /api/v1/deconfliction/export gives it; gzip accepted).',
    response: DeconflictionPublication,
    errors: [409, 413],
    async handler({ actor, request, services }) {
      const text = await bodyText(request.body as Readable, services.config.importBodyLimit);
      return importPublication(services, deconflictionActor(actor), text);
    },
  }),
];

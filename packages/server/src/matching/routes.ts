import { HashResult, MatchQuery, MatchResult, PDQ_DIHEDRAL_TRANSFORMS } from '@sinag/core';
import { hashBytes } from '@sinag/media';
import type { Readable } from 'node:stream';
import { appendAudit, auditActor } from '../audit/log.ts';
import { AppError } from '../http/errors.ts';
import { defineRoute } from '../http/route.ts';
import { MAX_PERCEPTUAL_BYTES } from '../ispws/digest.ts';
import { describeMatches } from './view.ts';

/** The bytes of a raw body, refused past `limit` without reading the rest. */
async function bodyBytes(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit)
      throw new AppError('payload_too_large', `body: larger than ${limit / 2 ** 20} MiB`, 'body');
    chunks.push(chunk);
  }
  if (!size)
    throw new AppError('validation_failed', 'body: send the file to hash as the request body', 'body');
  return Buffer.concat(chunks, size);
}

export const matchingRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/match',
    summary:
      'Look up hashes in the organisation’s enabled hash sets: exact for MD5/SHA-1/SHA-256, within each set’s threshold for PDQ',
    tag: 'hash-sets',
    access: 'hashset:read',
    body: MatchQuery,
    response: MatchResult,
    async handler({ actor, body, services }) {
      await services.hashIndex.refresh(services);
      const found = services.hashIndex.match(actor.organisationId, body);
      const matches = (await describeMatches(services, actor.organisationId, found)).map((d) => d.match);
      await services.db.transaction().execute((trx) =>
        appendAudit(trx, auditActor(actor), [
          {
            action: 'hash.match',
            entityType: 'hash-set',
            // Which hashes were looked up, not their values: a lookup can be about a case.
            details: { hashes: Object.keys(body), matches: matches.length },
          },
        ]),
      );
      return { matches };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/hash',
    summary: 'The MD5, SHA-1, SHA-256 and (for an image) PDQ hashes of a file; the bytes are not kept',
    tag: 'hash-sets',
    access: 'hashset:read',
    rawBody:
      'The file, as is (any content type), up to 64 MiB. It is hashed in memory and let go: nothing is written anywhere.',
    response: HashResult,
    errors: [413],
    async handler({ actor, request, services }) {
      const bytes = await bodyBytes(request.body as Readable, MAX_PERCEPTUAL_BYTES);
      const hashes = await hashBytes(bytes, '', { dihedral: true });
      await services.db.transaction().execute((trx) =>
        appendAudit(trx, auditActor(actor), [
          {
            action: 'hash.compute',
            entityType: 'file',
            details: { sizeBytes: bytes.length, kind: hashes.kind },
          },
        ]),
      );
      return {
        sizeBytes: bytes.length,
        kind: hashes.kind ?? 'other',
        md5: hashes.md5!,
        sha1: hashes.sha1!,
        sha256: hashes.sha256!,
        pdq: hashes.pdq ?? null,
        quality: hashes.quality ?? null,
        pdqDihedral: hashes.dihedral ? PDQ_DIHEDRAL_TRANSFORMS.map((t) => hashes.dihedral![t]) : null,
        error: hashes.error ?? null,
      };
    },
  }),
];

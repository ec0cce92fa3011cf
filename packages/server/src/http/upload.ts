import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from './errors.ts';

/**
 * The chunks of a raw request body, gunzipped when it is gzip (recognised by its magic bytes, so a
 * `.json.gz` file works whatever Content-Encoding the client sent). A corrupt gzip body is a 400.
 */
export async function* uploadedChunks(body: Readable): AsyncGenerator<Buffer> {
  const iterator = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  async function* all(): AsyncGenerator<Buffer> {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  if (first.value[0] !== 0x1f || first.value[1] !== 0x8b) return yield* all();
  const gunzip = createGunzip();
  pipeline(all(), gunzip, () => {});
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (String((error as { code?: string }).code).startsWith('Z_'))
      throw new AppError('validation_failed', `body: not valid gzip (${(error as Error).message})`, 'body');
    throw error;
  }
}

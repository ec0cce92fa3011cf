import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** What Sinag keeps of an uploaded file: its hashes and size. The bytes themselves are never kept. */
export interface FileDigest {
  md5: string;
  sha1: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Hashes a file while it streams in, chunk by chunk, and lets every chunk go: nothing is buffered beyond
 * the chunk in hand, nothing is written to disk. Stops as soon as the stream passes `maxBytes` (busboy marks
 * it `truncated`) and returns `undefined`, so an oversized upload is refused without reading the rest.
 *
 * A perceptual hash (PDQ, for images) would be computed here too, from the same pass over the bytes.
 */
export async function digestStream(
  stream: Readable & { truncated?: boolean },
  maxBytes: number,
): Promise<FileDigest | undefined> {
  const md5 = createHash('md5');
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    sizeBytes += chunk.length;
    if (sizeBytes > maxBytes || stream.truncated) return undefined;
    md5.update(chunk);
    sha1.update(chunk);
    sha256.update(chunk);
  }
  if (stream.truncated) return undefined;
  return { md5: md5.digest('hex'), sha1: sha1.digest('hex'), sha256: sha256.digest('hex'), sizeBytes };
}

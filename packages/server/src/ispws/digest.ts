import { PDQ_DIHEDRAL_TRANSFORMS } from '@sinag/core';
import { fileKind, perceptualHashes } from '@sinag/media';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** What Sinag keeps of an uploaded file: its hashes and size. The bytes themselves are never kept. */
export interface FileDigest {
  md5: string;
  sha1: string;
  sha256: string;
  sizeBytes: number;
  /** For an image: its PDQ hash, quality, and the hashes of its 8 rotations and flips (the first is `pdq`). */
  pdq?: { hash: string; quality: number; dihedral: string[] };
}

/**
 * An image is held in memory (never on disk) only while it is decoded for its perceptual hash; a larger one
 * gets exact hashes only, as a video does.
 */
export const MAX_PERCEPTUAL_BYTES = 64 * 1024 * 1024;

/**
 * Hashes a file while it streams in and lets the bytes go: nothing is written to disk, and nothing is kept
 * beyond the chunk in hand — except an image's chunks, held until its PDQ hash is computed. Stops as soon as
 * the stream passes `maxBytes` (busboy marks it `truncated`) and returns `undefined`, so an oversized upload
 * is refused without reading the rest.
 */
export async function digestStream(
  stream: Readable & { truncated?: boolean },
  maxBytes: number,
): Promise<FileDigest | undefined> {
  const md5 = createHash('md5');
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  let sizeBytes = 0;
  let image: Buffer[] | undefined;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // By its first bytes only: a name or content type is the sender's claim.
    if (sizeBytes === 0 && fileKind(chunk, '') === 'image') image = [];
    sizeBytes += chunk.length;
    if (sizeBytes > maxBytes || stream.truncated) return undefined;
    md5.update(chunk);
    sha1.update(chunk);
    sha256.update(chunk);
    if (image && sizeBytes <= MAX_PERCEPTUAL_BYTES) image.push(chunk);
    else image = undefined;
  }
  if (stream.truncated) return undefined;
  const digest = {
    md5: md5.digest('hex'),
    sha1: sha1.digest('hex'),
    sha256: sha256.digest('hex'),
    sizeBytes,
  };
  if (!image) return digest;
  const perceptual = await perceptualHashes(Buffer.concat(image, sizeBytes), { dihedral: true });
  // An image that does not decode keeps its exact hashes; it is still evidence.
  if (!perceptual.dihedral || perceptual.quality === undefined) return digest;
  const { dihedral, quality } = perceptual;
  return {
    ...digest,
    pdq: { hash: dihedral.orig, quality, dihedral: PDQ_DIHEDRAL_TRANSFORMS.map((t) => dihedral[t]) },
  };
}

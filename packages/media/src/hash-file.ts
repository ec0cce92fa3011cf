import { pdqDihedralFromPixels, pdqFromPixels, type PdqDihedralTransform } from '@sinag/core';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { decodeForPdq } from './decode.ts';
import { ExactHasher, type ExactHashes } from './exact-hashes.ts';
import { fileKind, SNIFF_BYTES, type FileKind } from './file-kind.ts';

/**
 * The hashes of one file. Exact hashes are missing only when the file could not be read; `pdq` and
 * `quality` only for images; `error` says what went wrong (a read or decode failure), never thrown.
 */
export interface FileHashes extends Partial<ExactHashes> {
  kind?: FileKind;
  pdq?: string;
  quality?: number;
  /** With the `dihedral` option: the hash of each rotation and flip (`orig` is `pdq`). */
  dihedral?: Record<PdqDihedralTransform, string>;
  error?: string;
}

export interface HashOptions {
  /** Also compute the 8 rotation and flip hashes. */
  dihedral?: boolean;
}

/** Images larger than this are hashed exactly but not decoded (libvips also refuses > 268 megapixels). */
export const MAX_IMAGE_BYTES = 512 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
/** Files up to this size are read in one call, which costs less per file than a stream; larger ones stream. */
const READ_WHOLE_BYTES = 16 * 1024 * 1024;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/** The perceptual hash of an image's bytes (a decode failure is an `error`, never thrown). */
export async function perceptualHashes(
  bytes: Uint8Array,
  options: HashOptions = {},
): Promise<Pick<FileHashes, 'pdq' | 'quality' | 'dihedral' | 'error'>> {
  try {
    const { pixels, width, height, channels } = await decodeForPdq(bytes);
    if (options.dihedral) {
      const { hashes, quality } = pdqDihedralFromPixels(pixels, width, height, channels);
      return { pdq: hashes.orig, quality, dihedral: hashes };
    }
    const { hash, quality } = pdqFromPixels(pixels, width, height, channels);
    return { pdq: hash, quality };
  } catch (error) {
    return { error: `could not decode the image: ${message(error)}` };
  }
}

/** The hashes of bytes in memory; `name` (a file name) helps tell what they are when the bytes do not. */
export async function hashBytes(
  bytes: Uint8Array,
  name = '',
  options: HashOptions = {},
): Promise<FileHashes> {
  const exact = new ExactHasher();
  exact.update(bytes);
  const kind = fileKind(bytes.subarray(0, SNIFF_BYTES), name);
  const hashes: FileHashes = { ...exact.digest(), kind };
  return kind === 'image' ? { ...hashes, ...(await perceptualHashes(bytes, options)) } : hashes;
}

/**
 * The hashes of a file, read once: whole when small, else as a stream whose chunks all feed the exact
 * hashes and of which only an image's are kept, in memory, for decoding. Nothing is written anywhere.
 */
export async function hashFile(file: string, options: HashOptions = {}): Promise<FileHashes> {
  let bytes: Buffer;
  try {
    if ((await stat(file)).size > READ_WHOLE_BYTES) return await hashStream(file, options);
    bytes = await readFile(file);
  } catch (error) {
    return { error: `could not read the file: ${message(error)}` };
  }
  return hashBytes(bytes, file, options);
}

async function hashStream(file: string, options: HashOptions): Promise<FileHashes> {
  const exact = new ExactHasher();
  let kind: FileKind | undefined;
  let kept: Buffer[] | undefined = [];
  let keptBytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    exact.update(chunk);
    kind ??= fileKind(chunk.subarray(0, SNIFF_BYTES), file);
    if (kind !== 'image' || !kept) continue;
    keptBytes += chunk.length;
    if (keptBytes > MAX_IMAGE_BYTES) kept = undefined;
    else kept.push(chunk);
  }
  kind ??= fileKind(new Uint8Array(0), file);
  const hashes: FileHashes = { ...exact.digest(), kind };
  if (kind !== 'image') return hashes;
  if (!kept) return { ...hashes, error: `image larger than ${MAX_IMAGE_BYTES / 2 ** 20} MiB: not decoded` };
  return { ...hashes, ...(await perceptualHashes(Buffer.concat(kept, keptBytes), options)) };
}

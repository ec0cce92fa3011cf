export { decodeForPdq } from './decode.ts';
export type { ExactHashes } from './exact-hashes.ts';
export { fileKind, type FileKind } from './file-kind.ts';
export {
  hashBytes,
  hashFile,
  perceptualHashes,
  MAX_IMAGE_BYTES,
  type FileHashes,
  type HashOptions,
} from './hash-file.ts';
export { HashPool } from './pool.ts';

import { z } from 'zod';
import { HASH_SET_KINDS } from './hash-sets.ts';

const hexOf = (length: number, what: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(new RegExp(`^[0-9a-f]{${length}}$`), `must be ${length} hexadecimal characters (${what})`);

export const MATCH_ALGORITHMS = ['md5', 'sha1', 'sha256', 'pdq'] as const;

/** One entry of a hash set that a file (or a looked-up hash) matched, with what the set's source says of it. */
export const HashMatch = z.object({
  hashSet: z.object({ id: z.string(), name: z.string(), kind: z.enum(HASH_SET_KINDS) }),
  entryId: z.number().int(),
  algorithm: z.enum(MATCH_ALGORITHMS),
  /** Bits apart (of 256), for a PDQ match; null for an exact one. */
  distance: z.number().int().nullable(),
  category: z.string().nullable(),
  /** The category's meaning in the set's scheme, when the scheme gives one. */
  categoryLabel: z.string().nullable(),
  series: z.string().nullable(),
  victimIdentified: z.boolean().nullable(),
  label: z.string().nullable(),
});
export type HashMatch = z.infer<typeof HashMatch>;

/**
 * Where a file stands against the organisation's enabled hash sets: known material, allow-listed (a known
 * benign or viral image: its alert is suppressed), in no list (possibly new material), or not checked yet.
 */
export const FILE_MATCH_STATUSES = ['pending', 'known', 'allow-listed', 'not-in-any-list'] as const;
export type FileMatchStatus = (typeof FILE_MATCH_STATUSES)[number];

export const FileMatching = z.object({
  status: z.enum(FILE_MATCH_STATUSES),
  matches: z.array(HashMatch),
});
export type FileMatching = z.infer<typeof FileMatching>;

export const MatchQuery = z
  .object({
    md5: hexOf(32, 'MD5').optional(),
    sha1: hexOf(40, 'SHA-1').optional(),
    sha256: hexOf(64, 'SHA-256').optional(),
    pdq: hexOf(64, 'PDQ').optional(),
  })
  .strict()
  .refine((q) => q.md5 || q.sha1 || q.sha256 || q.pdq, 'give at least one of md5, sha1, sha256 or pdq');
export type MatchQuery = z.infer<typeof MatchQuery>;

export const MatchResult = z.object({ matches: z.array(HashMatch) });

/** What `POST /api/v1/hash` computed from the bytes it was sent (and let go). */
export const HashResult = z.object({
  sizeBytes: z.number().int(),
  kind: z.string(),
  md5: z.string(),
  sha1: z.string(),
  sha256: z.string(),
  pdq: z.string().nullable(),
  quality: z.number().int().nullable(),
  /** The PDQ hashes of the image's 8 rotations and flips, the first being `pdq`. */
  pdqDihedral: z.array(z.string()).nullable(),
  error: z.string().nullable(),
});
export type HashResult = z.infer<typeof HashResult>;

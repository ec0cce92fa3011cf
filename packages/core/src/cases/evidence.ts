import { z } from 'zod';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const hex = (length: number, name: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^[0-9a-fA-F]{${length}}$`), `must be a ${name} (${length} hexadecimal characters)`)
    .transform((h) => h.toLowerCase());

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

/** One hand-over of the material: who gave it, who took it, when and why. */
export const CustodyTransferInput = z
  .object({ from: text(200), to: text(200), at: instant, reason: text(500) })
  .strict();
export type CustodyTransferInput = z.input<typeof CustodyTransferInput>;

/**
 * A reference to material held in the agency's forensic system — never the material itself: what it is, its
 * hashes, where it is held, and the first entry of its custody log (how it came into custody).
 */
export const EvidenceInput = z
  .object({
    label: text(60),
    description: text(1000),
    md5: hex(32, 'MD5').optional(),
    sha1: hex(40, 'SHA-1').optional(),
    sha256: hex(64, 'SHA-256').optional(),
    heldIn: z
      .object({
        system: text(120),
        location: text(200),
        reference: text(200),
      })
      .strict(),
    /** Evidence only prosecutors and the case team may see (a recorded disclosure interview). */
    restricted: z.boolean().default(false),
    custody: CustodyTransferInput,
  })
  .strict()
  .refine((e) => e.md5 || e.sha1 || e.sha256, {
    message: 'an evidence item needs at least one hash (md5, sha1 or sha256)',
    path: ['sha256'],
  });
export type EvidenceInput = z.input<typeof EvidenceInput>;

export const CustodyEntryView = z.object({
  position: z.number().int(),
  from: z.string(),
  to: z.string(),
  at: z.string(),
  reason: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
  hash: z.string(),
});
export type CustodyEntryView = z.infer<typeof CustodyEntryView>;

export const EvidenceView = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  md5: z.string().nullable(),
  sha1: z.string().nullable(),
  sha256: z.string().nullable(),
  heldIn: z.object({ system: z.string(), location: z.string(), reference: z.string() }),
  restricted: z.boolean(),
  createdAt: z.string(),
  /** Who holds it now: the `to` of the newest custody entry. */
  custodian: z.string(),
  custody: z.array(CustodyEntryView),
});
export type EvidenceView = z.infer<typeof EvidenceView>;

export const EvidenceList = z.object({ items: z.array(EvidenceView) });
export type EvidenceList = z.infer<typeof EvidenceList>;

export const CustodyVerification = z.object({
  evidenceId: z.string(),
  ok: z.boolean(),
  entries: z.number().int(),
  brokenAt: z.number().int().optional(),
  reason: z.string().optional(),
});
export type CustodyVerification = z.infer<typeof CustodyVerification>;

export const EvidenceParams = z
  .object({ id: z.uuid({ message: 'must be a UUID' }), evidenceId: z.uuid({ message: 'must be a UUID' }) })
  .strict();

import { z } from 'zod';
import { CLASSIFICATION_RANK, Classification, type Classification as Tlp } from './schema.ts';

/**
 * A share lets another organisation see part of a case; a referral asks it to act on the case and shows it
 * the same; a transfer hands the case over (the recipient becomes its owner).
 */
export const SHARE_KINDS = ['share', 'referral', 'transfer'] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];
export const SHARE_STATES = ['requested', 'accepted', 'rejected', 'revoked'] as const;
export type ShareState = (typeof SHARE_STATES)[number];
export const SHARE_ACTIONS = ['accept', 'reject', 'revoke'] as const;
export type ShareAction = (typeof SHARE_ACTIONS)[number];

/** RED is for the case team alone: never a ceiling. */
export const SHARE_CEILINGS = ['CLEAR', 'GREEN', 'AMBER'] as const satisfies readonly Tlp[];
export type ShareCeiling = (typeof SHARE_CEILINGS)[number];

/**
 * What a recipient may see, each part with the lowest ceiling that lets it through. Never shared at any
 * ceiling: the team, tasks, operations, aftercare, the identity vault, victims beyond their pseudonyms,
 * restricted evidence (the recorded disclosure interview), and the audit trail.
 */
export const SHARED_PART_FLOOR = {
  // Reference, stage, classification, template, owner organisation.
  summary: 'CLEAR',
  // Court, case number, charges (offence, counts, verdict, sentence, appeal), hearings; accused by label.
  prosecution: 'GREEN',
  // Every timeline event.
  timeline: 'AMBER',
  // Evidence references (not restricted) with hashes, where held, and custody logs.
  evidence: 'AMBER',
} as const satisfies Record<string, ShareCeiling>;
export type SharedPart = keyof typeof SHARED_PART_FLOOR;

/**
 * Timeline events a recipient never sees even at AMBER: the work of the team only (operations, tasks), of
 * social workers only (aftercare, placement, consent, the vault), and restricted evidence — by the first part
 * of the event's kind.
 */
export const WITHHELD_EVENT_KINDS = [
  'operation',
  'task',
  'aftercare',
  'placement',
  'consent',
  'vault',
  'team',
  'restricted',
];

export function sharedEvent(kind: string): boolean {
  return !WITHHELD_EVENT_KINDS.includes(kind.split('.')[0]!);
}

/** The parts a share at `ceiling` shows of a case classified `classification` (none of a RED case). */
export function sharedParts(ceiling: ShareCeiling, classification: Tlp): SharedPart[] {
  if (classification === 'RED') return [];
  return (Object.keys(SHARED_PART_FLOOR) as SharedPart[]).filter(
    (part) => CLASSIFICATION_RANK[SHARED_PART_FLOOR[part]] <= CLASSIFICATION_RANK[ceiling],
  );
}

/**
 * The state a share moves to, or why it cannot: the recipient accepts or rejects a request; the owner
 * revokes a request or a live share. An accepted transfer cannot be revoked: the case is the recipient's.
 */
export function nextShareState(
  kind: ShareKind,
  state: ShareState,
  action: ShareAction,
): { ok: true; state: ShareState } | { ok: false; reason: string } {
  if (action === 'revoke') {
    if (state === 'requested' || (state === 'accepted' && kind !== 'transfer'))
      return { ok: true, state: 'revoked' };
    return { ok: false, reason: `a ${kind} that is ${state} cannot be revoked` };
  }
  if (state !== 'requested') return { ok: false, reason: `the ${kind} is already ${state}` };
  return { ok: true, state: action === 'accept' ? 'accepted' : 'rejected' };
}

export const ShareInput = z
  .object({
    organisationId: z.uuid({ message: 'must be an organisation id (UUID)' }),
    kind: z.enum(SHARE_KINDS),
    ceiling: z
      .enum(SHARE_CEILINGS, { message: 'must be CLEAR, GREEN or AMBER (RED is never shared)' })
      .default('GREEN'),
    note: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional(),
  })
  .strict();
export type ShareInput = z.input<typeof ShareInput>;

export const ShareView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  kind: z.enum(SHARE_KINDS),
  from: z.object({ id: z.string(), name: z.string() }),
  to: z.object({ id: z.string(), name: z.string() }),
  ceiling: z.enum(SHARE_CEILINGS),
  state: z.enum(SHARE_STATES),
  note: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ShareView = z.infer<typeof ShareView>;
export const ShareList = z.object({ items: z.array(ShareView) });
export type ShareList = z.infer<typeof ShareList>;
export const ShareListQuery = z
  .object({ direction: z.enum(['incoming', 'outgoing']).default('incoming') })
  .strict();

export const SharePartner = z.object({ id: z.string(), name: z.string(), kind: z.string() });
export const SharePartners = z.object({ items: z.array(SharePartner) });

export const SharedViewQuery = z.object({ ceiling: z.enum(SHARE_CEILINGS).optional() }).strict();

/** A case as a recipient sees it: the summary always, the other parts only if the ceiling lets them through. */
export const SharedCaseView = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  classification: Classification,
  template: z.string(),
  owner: z.object({ id: z.string(), name: z.string() }),
  ceiling: z.enum(SHARE_CEILINGS),
  parts: z.array(z.enum(Object.keys(SHARED_PART_FLOOR) as [SharedPart, ...SharedPart[]])),
  prosecution: z
    .object({
      court: z.string().nullable(),
      courtCaseNumber: z.string().nullable(),
      charges: z.array(
        z.object({
          accused: z.string(),
          statute: z.string(),
          counts: z.number().int(),
          verdict: z.string().nullable(),
          sentence: z.string().nullable(),
          appeal: z.string().nullable(),
        }),
      ),
      hearings: z.array(z.object({ at: z.string(), kind: z.string(), outcome: z.string().nullable() })),
    })
    .optional(),
  timeline: z
    .array(z.object({ at: z.string(), kind: z.string(), summary: z.string(), actor: z.string() }))
    .optional(),
  evidence: z
    .array(
      z.object({
        label: z.string(),
        description: z.string(),
        sha256: z.string().nullable(),
        custodian: z.string(),
        custodyEntries: z.number().int(),
      }),
    )
    .optional(),
});
export type SharedCaseView = z.infer<typeof SharedCaseView>;

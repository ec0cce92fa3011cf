import { z } from 'zod';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const day = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });
const id = (what: string) => z.uuid({ message: `must be ${what} id (UUID)` });

/** An offence in the statute catalogue: who legislated it, the act or code, the section, a short title. */
export const StatuteInput = z
  .object({
    jurisdiction: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code in capitals, e.g. PH'),
    code: text(80),
    section: z.string().trim().max(60, 'must be at most 60 characters').default(''),
    title: text(300),
    note: text(500).nullable().optional(),
    active: z.boolean().default(true),
  })
  .strict();
export type StatuteInput = z.input<typeof StatuteInput>;
export type StatuteFields = z.output<typeof StatuteInput>;

export const StatuteView = z.object({
  id: z.string(),
  jurisdiction: z.string(),
  code: z.string(),
  section: z.string(),
  title: z.string(),
  note: z.string().nullable(),
  active: z.boolean(),
});
export type StatuteView = z.infer<typeof StatuteView>;
export const StatuteList = z.object({ items: z.array(StatuteView) });
export type StatuteList = z.infer<typeof StatuteList>;
export const StatuteListQuery = z.object({ includeRetired: z.stringbool().default(false) }).strict();

export const VERDICTS = ['convicted', 'convicted-on-plea', 'acquitted', 'dismissed', 'withdrawn'] as const;
export const Verdict = z.enum(VERDICTS);
export type Verdict = z.infer<typeof Verdict>;

export const APPEAL_STATUSES = ['filed', 'granted', 'denied', 'withdrawn'] as const;

export const HEARING_KINDS = [
  'arraignment',
  'pre-trial',
  'bail',
  'trial',
  'promulgation',
  'sentencing',
  'appeal',
  'other',
] as const;

export const PLEA_STATUSES = ['proposed', 'approved', 'rejected', 'withdrawn'] as const;
/** What a decision on a plea agreement can say: a decided agreement is not proposed again (a new one is). */
export const PLEA_DECISIONS = ['approved', 'rejected', 'withdrawn'] as const;

/** The court that tries the case and its docket number there. */
export const CourtInput = z.object({ court: text(200), courtCaseNumber: text(100) }).strict();

/** A charge against one accused (a case subject) under one catalogue offence. */
export const ChargeInput = z
  .object({
    subjectId: id('a case subject'),
    statuteId: id('a statute'),
    counts: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000).default(1),
  })
  .strict();
export type ChargeInput = z.input<typeof ChargeInput>;

/** How a charge ended: the verdict, the sentence, and any appeal. Fields left out are kept. */
export const ChargeOutcomeInput = z
  .object({
    verdict: Verdict.nullable().optional(),
    verdictOn: day.nullable().optional(),
    sentence: text(500).nullable().optional(),
    appeal: z
      .object({ status: z.enum(APPEAL_STATUSES), filedOn: day, outcome: text(500).nullable().optional() })
      .strict()
      .nullable()
      .optional(),
  })
  .strict()
  .refine((c) => !c.sentence || (c.verdict && c.verdict.startsWith('convicted')), {
    message: 'a sentence needs a conviction (verdict convicted or convicted-on-plea) in the same request',
    path: ['sentence'],
  });
export type ChargeOutcomeInput = z.input<typeof ChargeOutcomeInput>;

export const HearingInput = z
  .object({
    at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
    kind: z.enum(HEARING_KINDS),
    outcome: text(500).nullable().optional(),
  })
  .strict();
export type HearingInput = z.input<typeof HearingInput>;

/** A hearing's outcome, recorded once it has been held. */
export const HearingOutcomeInput = z.object({ outcome: text(500) }).strict();

/** A plea agreement's decision. */
export const PleaStatusInput = z.object({ status: z.enum(PLEA_DECISIONS) }).strict();

export const PleaInput = z
  .object({
    subjectId: id('a case subject'),
    offeredOn: day,
    summary: text(1000),
    status: z.enum(PLEA_STATUSES).default('proposed'),
  })
  .strict();
export type PleaInput = z.input<typeof PleaInput>;

/**
 * The child's disclosure interview was recorded once: the recording is restricted evidence, reused in court
 * instead of interviewing the child again.
 */
export const DisclosureInterviewInput = z
  .object({
    victimId: id('a case victim'),
    evidenceId: id('an evidence item'),
    recordedOn: day,
    recordedBy: text(200),
  })
  .strict();
export type DisclosureInterviewInput = z.input<typeof DisclosureInterviewInput>;

const statuteRef = StatuteView.pick({ id: true, jurisdiction: true, code: true, section: true, title: true });

export const ChargeView = z.object({
  id: z.string(),
  subject: z.object({ id: z.string(), label: z.string() }),
  statute: statuteRef,
  counts: z.number().int(),
  verdict: Verdict.nullable(),
  verdictOn: z.string().nullable(),
  sentence: z.string().nullable(),
  appeal: z
    .object({ status: z.enum(APPEAL_STATUSES), filedOn: z.string(), outcome: z.string().nullable() })
    .nullable(),
});
export type ChargeView = z.infer<typeof ChargeView>;

export const HearingView = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(HEARING_KINDS),
  outcome: z.string().nullable(),
});
export type HearingView = z.infer<typeof HearingView>;

export const PleaView = z.object({
  id: z.string(),
  subject: z.object({ id: z.string(), label: z.string() }),
  offeredOn: z.string(),
  summary: z.string(),
  status: z.enum(PLEA_STATUSES),
});
export type PleaView = z.infer<typeof PleaView>;

export const DisclosureInterviewView = z.object({
  victimPseudonym: z.string(),
  recordedOn: z.string(),
  recordedBy: z.string(),
  /** The recording's evidence item: only for the case team and prosecutors, and each read is audited. */
  evidenceId: z.string().nullable(),
});
export type DisclosureInterviewView = z.infer<typeof DisclosureInterviewView>;

export const ProsecutionView = z.object({
  /** The case's subjects: whom charges and plea agreements can name. */
  subjects: z.array(z.object({ id: z.string(), label: z.string() })),
  court: z.string().nullable(),
  courtCaseNumber: z.string().nullable(),
  charges: z.array(ChargeView),
  hearings: z.array(HearingView),
  pleas: z.array(PleaView),
  disclosureInterviews: z.array(DisclosureInterviewView),
});
export type ProsecutionView = z.infer<typeof ProsecutionView>;

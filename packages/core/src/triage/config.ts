import { z } from 'zod';

/** Priority bands: P1 immediate (a child may be in danger now), P2 high, P3 standard, P4 informational. */
export const BANDS = ['P1', 'P2', 'P3', 'P4'] as const;
export const Band = z.enum(BANDS);
export type Band = z.infer<typeof Band>;

export const BAND_LABELS: Record<Band, string> = {
  P1: 'Immediate',
  P2: 'High',
  P3: 'Standard',
  P4: 'Informational',
};

/**
 * The factors the scorer knows (domain.md §6), with their default label and weight. A factor whose
 * `review` is true is a flag: it lowers the score for a human to look again, and never closes anything.
 */
export const TRIAGE_FACTORS = [
  { name: 'escalation', label: 'Imminent danger reported (always P1)', weight: 50 },
  { name: 'unknown-material', label: 'Material in no hash list (a child not yet found)', weight: 25 },
  { name: 'known-material', label: 'Known circulating material', weight: 5 },
  { name: 'infant', label: 'Victim is an infant', weight: 30 },
  { name: 'under-12', label: 'Victim under 12 (stated or estimated)', weight: 20 },
  { name: 'livestreaming', label: 'Live-streamed abuse', weight: 30 },
  { name: 'sextortion', label: 'Sextortion', weight: 25 },
  { name: 'sadistic-exploitation', label: 'Sadistic online exploitation', weight: 30 },
  { name: 'violence', label: 'Violence or physical harm', weight: 20 },
  {
    name: 'contact-offending',
    label: 'Contact-offending signs (access to children, production, grooming, prior offences)',
    weight: 25,
  },
  { name: 'payment', label: 'Payments', weight: 15 },
  { name: 'timestamped-identifiers', label: 'Identifiers with capture times', weight: 10 },
  { name: 'location', label: 'A location is given', weight: 5 },
  { name: 'evidence-retained', label: 'Evidence retained by the platform or an agency', weight: 5 },
  { name: 'linked-open-case', label: 'Linked to an open case', weight: 25 },
  { name: 'linked-referrals', label: 'Linked to other referrals', weight: 10 },
  { name: 'viral-meme', label: 'Viral or meme (review)', weight: -10, review: true },
  { name: 'self-produced', label: 'Possibly self-produced (review)', weight: -5, review: true },
  { name: 'generative-ai', label: 'Generative AI or drawn (review)', weight: -15, review: true },
  { name: 'third-party-hosted', label: 'Hosted by a third party (review)', weight: -5, review: true },
] as const satisfies readonly { name: string; label: string; weight: number; review?: true }[];

export type FactorName = (typeof TRIAGE_FACTORS)[number]['name'];
export const FACTOR_NAMES = TRIAGE_FACTORS.map((f) => f.name) as [FactorName, ...FactorName[]];
/** Flags that lower priority only for review: they never close anything by themselves. */
export const REVIEW_FLAG_NAMES = TRIAGE_FACTORS.filter((f) => 'review' in f).map((f) => f.name) as [
  FactorName,
  ...FactorName[],
];
export const REVIEW_FLAGS: ReadonlySet<FactorName> = new Set(REVIEW_FLAG_NAMES);

const hours = z
  .number()
  .int('must be a whole number of hours')
  .min(1, 'must be at least 1 hour')
  .max(8760, 'must be at most 8760 hours (a year)');
const threshold = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(100, 'must be at most 100');

export const TriageFactorSetting = z
  .object({
    name: z.enum(FACTOR_NAMES),
    label: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    weight: z
      .number()
      .int('must be a whole number')
      .min(-100, 'must be -100 or more')
      .max(100, 'must be at most 100'),
    enabled: z.boolean(),
  })
  .strict();
export type TriageFactorSetting = z.infer<typeof TriageFactorSetting>;

/**
 * The factor table, the lowest score of each band (below P3's is P4), and each band's response target in
 * hours (null: none). Every factor appears once; raising factors weigh 0 or more, review flags 0 or less.
 */
export const TriageConfig = z
  .object({
    factors: z.array(TriageFactorSetting).superRefine((factors, ctx) => {
      const seen = new Set<string>();
      factors.forEach((factor, i) => {
        const issue = (path: (string | number)[], message: string) =>
          ctx.addIssue({ code: 'custom', path: [i, ...path], message });
        if (seen.has(factor.name)) issue(['name'], `${factor.name} appears more than once`);
        seen.add(factor.name);
        const review = REVIEW_FLAGS.has(factor.name);
        if (review && factor.weight > 0)
          issue(['weight'], 'a review flag can only lower the score (0 or less)');
        if (!review && factor.weight < 0) issue(['weight'], 'must be 0 or more');
        if (factor.name === 'escalation' && !factor.enabled)
          issue(['enabled'], 'escalation (imminent danger) cannot be disabled');
      });
      for (const name of FACTOR_NAMES)
        if (!seen.has(name)) ctx.addIssue({ code: 'custom', message: `must include the factor ${name}` });
    }),
    thresholds: z
      .object({ P1: threshold, P2: threshold, P3: threshold })
      .strict()
      .superRefine((t, ctx) => {
        if (t.P2 >= t.P1) ctx.addIssue({ code: 'custom', path: ['P2'], message: 'must be below P1' });
        if (t.P3 >= t.P2) ctx.addIssue({ code: 'custom', path: ['P3'], message: 'must be below P2' });
      }),
    targetHours: z
      .object({ P1: hours.nullable(), P2: hours.nullable(), P3: hours.nullable(), P4: hours.nullable() })
      .strict(),
  })
  .strict();
export type TriageConfig = z.infer<typeof TriageConfig>;

/** Version 1: P1 24 hours, P2 72 hours, P3 10 days (RA 11862's limit for opening an investigation), P4 none. */
export const DEFAULT_TRIAGE_CONFIG: TriageConfig = {
  factors: TRIAGE_FACTORS.map(({ name, label, weight }) => ({ name, label, weight, enabled: true })),
  thresholds: { P1: 60, P2: 35, P3: 15 },
  targetHours: { P1: 24, P2: 72, P3: 240, P4: null },
};

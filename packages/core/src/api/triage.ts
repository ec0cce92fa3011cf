import { z } from 'zod';
import { Band, FACTOR_NAMES, TriageConfig } from '../triage/config.ts';

export const ScoredFactorView = z.object({
  name: z.enum(FACTOR_NAMES),
  weight: z.number().int(),
  evidence: z.string().describe('The fields that said so, e.g. "files[2]: no match in any list"'),
});

export const TriageFlagView = z.object({ name: z.enum(FACTOR_NAMES), evidence: z.string() });

export const PriorityOverrideView = z.object({
  band: Band,
  reason: z.string(),
  /** Who overrode: the user's display name. */
  by: z.string(),
  at: z.string(),
});

/** A referral's priority: what the scoring said and why, and an analyst's override (the band that counts). */
export const PriorityView = z.object({
  band: Band.describe('The band the score gives; an override, when set, is the band that counts'),
  score: z.number().int(),
  factors: z.array(ScoredFactorView),
  configVersion: z.number().int(),
  override: PriorityOverrideView.nullable(),
});
export type PriorityView = z.infer<typeof PriorityView>;

export const PriorityOverrideInput = z
  .object({
    band: Band,
    reason: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  })
  .strict();
export type PriorityOverrideInput = z.infer<typeof PriorityOverrideInput>;

export const TriageConfigView = z.object({
  version: z.number().int(),
  config: TriageConfig,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type TriageConfigView = z.infer<typeof TriageConfigView>;

export const TriageConfigVersions = z.object({ items: z.array(TriageConfigView) });
export type TriageConfigVersions = z.infer<typeof TriageConfigVersions>;

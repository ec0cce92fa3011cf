import {
  scoreReferral,
  triageFacts,
  type NormalisedReferral,
  type TriageLinks,
  type FileMatchStatus,
  type TriageResult,
} from '@sinag/core';
import type { VersionedConfig } from './configs.ts';

/** A referral's priority as the `referrals` table keeps it (its `due_at` follows by trigger). */
export interface TriageColumns {
  priority_band: string;
  priority_score: number;
  priority_factors: TriageResult['factors'];
  priority_flags: TriageResult['flags'];
  triage_config_version: number;
}

/** Scores a referral with the config in force and gives the columns to store. */
export function triageColumns(
  referral: NormalisedReferral,
  fileStatuses: readonly FileMatchStatus[],
  links: TriageLinks,
  { version, config }: VersionedConfig,
): TriageColumns {
  const result = scoreReferral(triageFacts(referral, fileStatuses, links), config);
  return {
    priority_band: result.band,
    priority_score: result.score,
    priority_factors: result.factors,
    priority_flags: result.flags,
    triage_config_version: version,
  };
}

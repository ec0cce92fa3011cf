import { REVIEW_FLAGS, type Band, type FactorName, type TriageConfig } from './config.ts';
import type { TriageFacts } from './facts.ts';

export interface ScoredFactor {
  name: FactorName;
  weight: number;
  /** The fields that said so, e.g. "files[2]: no match in any list". */
  evidence: string;
}

export interface TriageResult {
  band: Band;
  /** 0–100. */
  score: number;
  /** The enabled factors the referral shows, heaviest first. */
  factors: ScoredFactor[];
  /** Review flags the referral shows (enabled or not): a human looks again; nothing is closed by them. */
  flags: { name: FactorName; evidence: string }[];
}

/**
 * Scores a referral's facts with a factor table: the sum of the weights of the enabled factors it shows,
 * held to 0–100, read against the band thresholds. An escalation (imminent danger) is always P1.
 */
export function scoreReferral(facts: TriageFacts, config: TriageConfig): TriageResult {
  const factors: ScoredFactor[] = [];
  const flags: TriageResult['flags'] = [];
  for (const setting of config.factors) {
    const evidence = facts[setting.name];
    if (!evidence?.length) continue;
    const joined = evidence.join('; ');
    if (REVIEW_FLAGS.has(setting.name)) flags.push({ name: setting.name, evidence: joined });
    if (setting.enabled) factors.push({ name: setting.name, weight: setting.weight, evidence: joined });
  }
  factors.sort((a, b) => b.weight - a.weight);
  const sum = factors.reduce((total, f) => total + f.weight, 0);
  const score = Math.max(0, Math.min(100, sum));
  const { thresholds } = config;
  const band: Band = facts.escalation?.length
    ? 'P1'
    : score >= thresholds.P1
      ? 'P1'
      : score >= thresholds.P2
        ? 'P2'
        : score >= thresholds.P3
          ? 'P3'
          : 'P4';
  return { band, score, factors, flags };
}

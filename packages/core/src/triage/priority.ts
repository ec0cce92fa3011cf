import type { NormalisedReferral } from '../referrals/normalise.ts';
import type { IncidentType } from '../referrals/schema.ts';

export const PRIORITIES = ['immediate', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface PriorityReason {
  factor: string;
  points: number;
  explanation: string;
}

export interface PriorityAssessment {
  priority: Priority;
  score: number;
  reasons: PriorityReason[];
}

/** Incident types that point to contact abuse of a child now, not only circulation of material. */
const CONTACT_OFFENCES: ReadonlySet<IncidentType> = new Set([
  'livestreamed-abuse',
  'child-sex-trafficking',
  'child-sexual-molestation',
  'online-enticement',
  'sextortion',
]);

/**
 * A first, explainable priority: each factor adds points and says why. Thresholds map the score to a
 * level; an escalation from the reporter always means "immediate".
 */
export function assessPriority(referral: NormalisedReferral): PriorityAssessment {
  const reasons: PriorityReason[] = [];
  const add = (factor: string, points: number, explanation: string) =>
    reasons.push({ factor, points, explanation });

  if (referral.incident.escalation) {
    add('escalation', 100, 'The reporter flagged an immediate risk to a child.');
  }
  if (CONTACT_OFFENCES.has(referral.incident.type)) {
    add(
      'contact-offence',
      40,
      'The incident type points to ongoing contact abuse, not only shared material.',
    );
  }
  if (referral.incident.type === 'suspicious-payment') {
    add('payment', 25, 'A payment pattern associated with paid livestreamed abuse.');
  }
  const timestamped = referral.reportedPersons.some((p) => p.identifiers.some((i) => i.observedAt));
  if (timestamped) {
    add(
      'actionable-identifiers',
      15,
      'Identifiers carry capture times, so providers can be asked for subscriber data.',
    );
  }
  if (
    referral.location?.country === 'PH' ||
    referral.reportedPersons.some((p) => p.location?.country === 'PH')
  ) {
    add('in-jurisdiction', 10, 'A location in the Philippines is given.');
  }
  if (referral.files.length > 0) {
    add('files', 5, `${referral.files.length} file(s) reported, to match against known-material lists.`);
  }

  const score = reasons.reduce((sum, r) => sum + r.points, 0);
  const priority: Priority =
    referral.incident.escalation || score >= 100
      ? 'immediate'
      : score >= 40
        ? 'high'
        : score >= 15
          ? 'medium'
          : 'low';
  return { priority, score, reasons };
}

import { describe, expect, it } from 'vitest';
import { normaliseReferral } from '../src/referrals/normalise.ts';
import { ReferralInput } from '../src/referrals/schema.ts';
import { assessPriority, type Priority } from '../src/triage/priority.ts';

function referral(overrides: Record<string, unknown>) {
  const data = ReferralInput.parse({
    source: 'cybertipline',
    incident: { type: 'child-sexual-abuse-material' },
    reporter: { kind: 'platform', name: 'Example' },
    ...overrides,
  });
  const result = normaliseReferral(data);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.referral;
}

const ipWithTime = { kind: 'ip', value: '112.198.1.1', observedAt: '2026-01-01T00:00:00Z' };

const cases: [string, Record<string, unknown>, Priority, string[]][] = [
  ['bare material report', {}, 'low', []],
  [
    'escalation always means immediate',
    { incident: { type: 'other', escalation: 'Child at risk now.' } },
    'immediate',
    ['escalation'],
  ],
  ['livestreamed abuse', { incident: { type: 'livestreamed-abuse' } }, 'high', ['contact-offence']],
  ['payment lead', { incident: { type: 'suspicious-payment' } }, 'medium', ['payment']],
  [
    'material with timestamped identifiers in the Philippines',
    { location: { country: 'PH' }, reportedPersons: [{ identifiers: [ipWithTime] }] },
    'medium',
    ['actionable-identifiers', 'in-jurisdiction'],
  ],
  [
    'enticement, actionable, in jurisdiction, with files',
    {
      incident: { type: 'online-enticement' },
      location: { country: 'PH' },
      reportedPersons: [{ identifiers: [ipWithTime] }],
      files: [{ md5: 'd41d8cd98f00b204e9800998ecf8427e' }],
    },
    'high',
    ['contact-offence', 'actionable-identifiers', 'in-jurisdiction', 'files'],
  ],
];

describe('assessPriority', () => {
  it.each(cases)('%s', (_name, overrides, priority, factors) => {
    const assessment = assessPriority(referral(overrides));
    expect(assessment.priority).toBe(priority);
    expect(assessment.reasons.map((r) => r.factor)).toEqual(factors);
    expect(assessment.score).toBe(assessment.reasons.reduce((s, r) => s + r.points, 0));
    for (const reason of assessment.reasons) expect(reason.explanation.length).toBeGreaterThan(10);
  });
});

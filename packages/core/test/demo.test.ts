import { describe, expect, it } from 'vitest';
import { generateDemoReferrals } from '../src/demo/generate.ts';
import { normaliseReferral } from '../src/referrals/normalise.ts';
import { ReferralInput } from '../src/referrals/schema.ts';
import { PHILIPPINE_REGIONS } from '../src/geo/philippines.ts';

describe('demo data', () => {
  const referrals = generateDemoReferrals({ seed: 7, count: 300 });

  it('is deterministic for a seed', () => {
    expect(generateDemoReferrals({ seed: 7, count: 300 })).toEqual(referrals);
    expect(generateDemoReferrals({ seed: 8, count: 300 })).not.toEqual(referrals);
  });

  it('is valid and normalisable, every one', () => {
    for (const referral of referrals) {
      const parsed = ReferralInput.parse(referral);
      expect(normaliseReferral(parsed).ok).toBe(true);
    }
  });

  it('spans Philippine regions and sources, with identifiers shared between referrals', () => {
    const regions = new Set(referrals.map((r) => r.location?.region));
    expect(regions.size).toBeGreaterThanOrEqual(12);
    for (const region of regions) expect(PHILIPPINE_REGIONS.map((r) => r.code)).toContain(region);
    expect(new Set(referrals.map((r) => r.source)).size).toBeGreaterThanOrEqual(5);

    const seen = new Map<string, number>();
    for (const referral of referrals) {
      const values = new Set(
        referral.reportedPersons?.flatMap((p) => p.identifiers?.map((i) => `${i.kind}:${i.value}`) ?? []),
      );
      for (const value of values) seen.set(value, (seen.get(value) ?? 0) + 1);
    }
    const shared = [...seen.values()].filter((n) => n > 1).length;
    expect(shared).toBeGreaterThan(20);
  });

  it('uses only reserved example domains for emails', () => {
    const emails = referrals.flatMap(
      (r) => r.reportedPersons?.flatMap((p) => p.identifiers?.filter((i) => i.kind === 'email') ?? []) ?? [],
    );
    expect(emails.length).toBeGreaterThan(50);
    for (const email of emails) expect(email.value).toMatch(/@example\.(com|net|org)$/);
  });
});

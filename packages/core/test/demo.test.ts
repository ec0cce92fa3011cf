import { describe, expect, it } from 'vitest';
import { generateDemoReferrals } from '../src/demo/generate.ts';
import {
  DEMO_OVERDUE_KEPT,
  DEMO_QUEUE_DAYS,
  pickDemoCases,
  planDemoWork,
  type DemoCaseStory,
} from '../src/demo/work.ts';
import { CLOSE_REASONS } from '../src/referrals/workflow.ts';
import type { IncidentType } from '../src/referrals/schema.ts';
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

describe('the demo centre’s work plan', () => {
  const now = new Date('2026-11-01T12:00:00Z');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);
  const referral = (
    id: string,
    receivedHoursAgo: number,
    dueInHours: number | null,
    type: IncidentType = 'sextortion',
  ) => ({
    id,
    receivedAt: hoursAgo(receivedHoursAgo),
    dueAt: dueInHours === null ? null : new Date(now.getTime() + dueInHours * 3600_000),
    type,
  });

  it.each([
    ['received today, due in two days', referral('a', 5, 48), 'open'],
    ['received three days ago, no target (P4)', referral('a', 72, null), 'open'],
    ['received today, due within the six-hour margin', referral('a', 20, 4), 'closed'],
    ['received two days ago, past due (kept as slipped)', referral('a', 48, -24), 'open'],
    ['received a week ago, not due yet', referral('a', 24 * 7, 48), 'closed'],
    ['received a month ago, no target', referral('a', 24 * 30, null), 'closed'],
  ] as const)('%s: %s', (_, state, expected) => {
    const plan = planDemoWork([state], { now, analysts: 2 });
    const open = [...plan.untouched, ...plan.assigned.map((a) => a.referralId)];
    expect(open.includes('a') ? 'open' : plan.closed[0]?.referralId === 'a' ? 'closed' : 'lost').toBe(
      expected,
    );
  });

  it('keeps only a handful of past-due referrals open, the most recent ones, unassigned', () => {
    const slipped = Array.from({ length: 10 }, (_, n) => referral(`s${n}`, 30 + n, -5 - n));
    const plan = planDemoWork(slipped, { now, analysts: 2 });
    expect(plan.untouched).toEqual(['s0', 's1', 's2', 's3'].slice(0, DEMO_OVERDUE_KEPT));
    expect(plan.closed).toHaveLength(10 - DEMO_OVERDUE_KEPT);
    expect(plan.assigned).toEqual([]);
  });

  it('gives half the queue to analysts, closes the rest with every reason, and is the same for a seed', () => {
    const many = Array.from({ length: 200 }, (_, n) => referral(`r${n}`, n * 10, 300));
    const plan = planDemoWork(many, { now, analysts: 2, seed: 3 });
    const queue = many.filter((r) => now.getTime() - r.receivedAt.getTime() <= DEMO_QUEUE_DAYS * 86_400_000);
    expect(plan.assigned.length + plan.untouched.length).toBe(queue.length);
    expect(plan.assigned.length).toBe(Math.floor(queue.length / 2));
    expect(new Set(plan.closed.map((c) => c.reason))).toEqual(new Set(CLOSE_REASONS));
    expect(new Set(plan.closed.map((c) => c.analyst))).toEqual(new Set([0, 1]));
    expect(planDemoWork([...many].reverse(), { now, analysts: 2, seed: 3 })).toEqual(plan);
  });

  it('picks older referrals of each story’s types for its case, each referral in one case', () => {
    const referrals = [
      referral('new', 24, 48, 'sextortion'),
      referral('old1', 24 * 10, null, 'sextortion'),
      referral('old2', 24 * 20, null, 'sextortion'),
      referral('csam', 24 * 12, null, 'child-sexual-abuse-material'),
      referral('ancient', 24 * 200, null, 'sextortion'),
    ];
    const stories = [
      { template: 'sextortion', types: ['sextortion'], referrals: 1 },
      { template: 'sextortion', types: ['sextortion'], referrals: 5 },
      { template: 'foreign-offender', types: ['child-sex-trafficking'], referrals: 2 },
    ] satisfies DemoCaseStory[];
    expect(pickDemoCases(referrals, { now, stories })).toEqual([['old1'], ['old2'], []]);
  });
});

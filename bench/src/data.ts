import { generateDemoReferrals, type ReferralInput } from '@sinag/core';

/** A fixed "now", so the same seed gives the same referrals on every run and machine. */
const NOW = new Date('2026-11-01T00:00:00Z');

export interface BenchReferrals {
  warmup: ReferralInput[];
  timed: ReferralInput[];
  /** What the timed referrals look like, for the report: rows written per referral depend on it. */
  shape: { avgIdentifiers: number; avgFiles: number; avgJsonBytes: number };
}

/** Synthetic referrals from the demo generator: `warmup` first, then `count` to time. */
export function benchReferrals(seed: number, warmup: number, count: number): BenchReferrals {
  const all = generateDemoReferrals({ seed, count: warmup + count, now: NOW });
  const timed = all.slice(warmup);
  const identifiers = timed.reduce(
    (n, r) => n + (r.reportedPersons ?? []).reduce((m, p) => m + (p.identifiers?.length ?? 0), 0),
    0,
  );
  const files = timed.reduce((n, r) => n + (r.files?.length ?? 0), 0);
  const bytes = timed.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
  const avg = (total: number) => Math.round((total / Math.max(1, timed.length)) * 100) / 100;
  return {
    warmup: all.slice(0, warmup),
    timed,
    shape: {
      avgIdentifiers: avg(identifiers),
      avgFiles: avg(files),
      avgJsonBytes: Math.round(bytes / Math.max(1, timed.length)),
    },
  };
}

import { z } from 'zod';

/** A length of time as the law states it: calendar months or years, or exact hours. */
export interface Period {
  months?: number;
  hours?: number;
}

/**
 * `at` plus the period, in UTC. Calendar months keep the day of the month, or take the month's last day when
 * it has fewer (31 August + 6 months is 28 or 29 February).
 */
export function addPeriod(at: Date, period: Period): Date {
  const result = new Date(at.getTime());
  if (period.months) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + period.months);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  if (period.hours) result.setTime(result.getTime() + period.hours * 3_600_000);
  return result;
}

export interface PreservationRule {
  label: string;
  /** What the period counts from: the request reaching the provider, or the CyberTip the provider filed. */
  from: 'sent' | 'cybertip-reported';
  period: Period;
  /** How many times the request can be extended, and by how much each time. */
  extensions: number;
  extension?: Period;
  source: string;
}

/**
 * How long a provider must keep data once asked, per jurisdiction. Kept as data: a change in the law is a
 * change here (and in docs/cases.md), not in code.
 */
export const PRESERVATION_RULES = {
  PH: {
    label: 'Philippines',
    from: 'sent',
    period: { months: 6 },
    extensions: 1,
    extension: { months: 6 },
    source: 'RA 10175 s.13; Rule on Cybercrime Warrants (A.M. No. 17-11-03-SC) s.3',
  },
  US: {
    label: 'United States',
    from: 'cybertip-reported',
    period: { months: 12 },
    extensions: 0,
    source: '18 USC 2258A(h) as amended by the REPORT Act (2024): one year after the CyberTipline report',
  },
} as const satisfies Record<string, PreservationRule>;

export type PreservationJurisdiction = keyof typeof PRESERVATION_RULES;
export const PreservationJurisdiction = z.enum(
  Object.keys(PRESERVATION_RULES) as [PreservationJurisdiction, ...PreservationJurisdiction[]],
);

/**
 * When a preservation ends: the base period and each extension taken, counted together from the start (so 31
 * August plus 6 and 6 months is 31 August, not the 28th the February in between would give).
 */
export function preservationExpiry(
  jurisdiction: PreservationJurisdiction,
  startsAt: Date,
  extensionsTaken: number,
): Date {
  const rule: PreservationRule = PRESERVATION_RULES[jurisdiction];
  const extension = extensionsTaken ? rule.extension! : {};
  return addPeriod(startsAt, {
    months: (rule.period.months ?? 0) + extensionsTaken * (extension.months ?? 0),
    hours: (rule.period.hours ?? 0) + extensionsTaken * (extension.hours ?? 0),
  });
}

/** Why a preservation cannot be extended now, or undefined if it can. */
export function extensionRefusal(
  jurisdiction: PreservationJurisdiction,
  extensionsTaken: number,
  expiresAt: Date,
  now: Date,
): string | undefined {
  const rule: PreservationRule = PRESERVATION_RULES[jurisdiction];
  if (rule.extensions === 0) return `${rule.label} rules allow no extension`;
  if (extensionsTaken >= rule.extensions) {
    return `${rule.label} rules allow ${rule.extensions} extension${rule.extensions === 1 ? '' : 's'}, already taken`;
  }
  if (expiresAt.getTime() <= now.getTime()) return 'the preservation has expired; send a new request';
  return undefined;
}

export const WARRANT_TYPES = ['WDCD', 'WICD', 'WSSECD', 'WECD'] as const;
export const WarrantType = z.enum(WARRANT_TYPES);
export type WarrantType = z.infer<typeof WarrantType>;

export interface WarrantRule {
  name: string;
  /** What is due, from which event, and when. */
  due: string;
  from: 'issued' | 'served';
  period: Period;
  source: string;
}

/**
 * The clock each kind of cybercrime warrant starts (Rule on Cybercrime Warrants, A.M. No. 17-11-03-SC). A
 * warrant is effective for at most 10 days from issue (s.2.5); the returns count from that.
 */
export const WARRANT_RULES: Record<WarrantType, WarrantRule> = {
  WDCD: {
    name: 'Warrant to disclose computer data',
    due: 'disclosure by the provider',
    from: 'served',
    period: { hours: 72 },
    source: 'A.M. No. 17-11-03-SC s.4.4: disclosure within 72 hours of receipt',
  },
  WICD: {
    name: 'Warrant to intercept computer data',
    due: 'return to the court',
    from: 'issued',
    period: { hours: 10 * 24 + 48 },
    source: 'A.M. No. 17-11-03-SC s.2.5, s.5.5: return within 48 hours after the 10-day effectivity',
  },
  WSSECD: {
    name: 'Warrant to search, seize and examine computer data',
    due: 'initial return to the court',
    from: 'issued',
    period: { hours: 10 * 24 },
    source: 'A.M. No. 17-11-03-SC s.6.6: initial return within 10 days of issue',
  },
  WECD: {
    name: 'Warrant to examine computer data',
    due: 'return to the court',
    from: 'issued',
    period: { hours: 10 * 24 + 48 },
    source: 'A.M. No. 17-11-03-SC s.2.5, s.6.9: return within 48 hours after the 10-day effectivity',
  },
};

/** When a warrant's return (or the disclosure it orders) is due; undefined while its start event is unknown. */
export function warrantReturnDue(
  type: WarrantType,
  issuedAt: Date,
  servedAt: Date | undefined,
): Date | undefined {
  const rule = WARRANT_RULES[type];
  const start = rule.from === 'issued' ? issuedAt : servedAt;
  return start && addPeriod(start, rule.period);
}

export const DEADLINE_STATES = ['overdue', 'due-soon', 'later'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/** Overdue once passed; due soon within `withinDays` from now; later beyond that. */
export function deadlineState(dueAt: Date, now: Date, withinDays: number): DeadlineState {
  if (dueAt.getTime() < now.getTime()) return 'overdue';
  return dueAt.getTime() <= now.getTime() + withinDays * 86_400_000 ? 'due-soon' : 'later';
}

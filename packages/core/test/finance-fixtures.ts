import {
  createScreener,
  DEFAULT_SCREENING_CONFIG,
  type FinanceTransaction,
  type ScreenerOptions,
  type ScreeningAlert,
  type ScreeningConfig,
} from '../src/index.ts';

/** Monday 2 March 2026, 15:00 UTC: 10:00 in New York (UTC−5), 23:00 in Manila. */
export const T0 = Date.UTC(2026, 2, 2, 15);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface PaymentSpec {
  /** Days after T0 (fractions allowed). */
  day?: number;
  /** Overrides the time of day: the hour in the sender's local time. */
  localHour?: number;
  offset?: number;
  amount?: number;
  currency?: string;
  channel?: FinanceTransaction['channel'];
  reference?: string;
  sender?: Partial<FinanceTransaction['sender']>;
  receiver?: Partial<FinanceTransaction['receiver']>;
}

let counter = 0;

/**
 * One payment: by default USD 50 by remittance from "Alex Carter" (S1, New York) to "Maria Santos" (R1,
 * Philippines) — unrelated by name — at 10:00 in New York on day `day`.
 */
export function payment(spec: PaymentSpec = {}): FinanceTransaction {
  const offset = spec.offset ?? -300;
  const localMidnight = Date.UTC(2026, 2, 2) + Math.floor(spec.day ?? 0) * DAY - offset * 60_000;
  const at =
    spec.localHour === undefined ? T0 + (spec.day ?? 0) * DAY : localMidnight + spec.localHour * HOUR;
  return {
    transactionId: `T${++counter}`,
    at,
    utcOffsetMinutes: offset,
    amount: spec.amount ?? 50,
    currency: spec.currency ?? 'USD',
    channel: spec.channel ?? 'remittance',
    ...(spec.reference ? { reference: spec.reference } : {}),
    sender: { id: 'S1', name: 'Alex Carter', country: 'US', ...spec.sender },
    receiver: { id: 'R1', name: 'Maria Santos', country: 'PH', ...spec.receiver },
  };
}

/** `n` payments, one a day from day `from`, each shaped by `each(i)`. */
export function payments(n: number, each: (i: number) => PaymentSpec = () => ({})): FinanceTransaction[] {
  return Array.from({ length: n }, (_, i) => payment({ day: i, ...each(i) }));
}

export function configWith(change: (c: ScreeningConfig) => void): ScreeningConfig {
  const config = structuredClone(DEFAULT_SCREENING_CONFIG);
  change(config);
  return config;
}

/** A configuration where any two indicators alert: to see which indicators fire on their own. */
export const SEE_ALL = configWith((c) => {
  c.alert.threshold = 1;
});

/** Screens the payments (sorted by time) and returns the latest alert of each party, keyed "role:id". */
export function screen(
  txs: FinanceTransaction[],
  config: ScreeningConfig = SEE_ALL,
  options?: ScreenerOptions,
): Map<string, ScreeningAlert> {
  const screener = createScreener(config, options);
  for (const tx of [...txs].sort((a, b) => a.at - b.at)) screener.push(tx);
  const alerts = new Map<string, ScreeningAlert>();
  for (const alert of screener.flush()) alerts.set(`${alert.party.role}:${alert.party.id}`, alert);
  return alerts;
}

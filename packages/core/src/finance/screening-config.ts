import { z } from 'zod';
import { CHANNELS, INDICATOR_IDS, type Channel, type IndicatorId } from './transaction.ts';

const country = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
  .transform((c) => c.toUpperCase());
const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3,5}$/, 'must be an ISO 4217 currency code (or a stablecoin ticker)')
  .transform((c) => c.toUpperCase());
const count = z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000);
const ratio = z.number().min(0, 'must be 0 or more').max(1, 'must be at most 1');
const hour = z.number().int('must be a whole hour').min(0).max(23);
const weight = z.number().min(0, 'must be 0 or more').max(100, 'must be at most 100');
const keyword = z.string().trim().toLowerCase().min(2, 'must be at least 2 characters').max(60);

/** A range of amounts in one currency; a payment inside it is "small" (F1). */
export const AmountBand = z
  .object({ currency, min: z.number().min(0), max: z.number().positive() })
  .strict()
  .refine((b) => b.min < b.max, { message: 'min must be below max', path: ['max'] });
export type AmountBand = z.infer<typeof AmountBand>;

/**
 * Everything screening decides with: what counts as small, which corridors, how long the windows are, the
 * counts and thresholds of each indicator, the word lists, the weights and the alert rule. Versioned: the
 * server stores every version, and an alert names the one that raised it.
 */
export const ScreeningConfig = z
  .object({
    version: z.number().int().min(1),
    /** Amounts are compared in this currency. */
    baseCurrency: currency,
    /** Value of one unit of each currency in the base currency. A payment in another currency is not screened for amount. */
    rates: z.record(currency, z.number().positive('must be above 0')),
    /** Small payments (F1): a band in the payment's own currency, or else `baseBand` after conversion. */
    smallPayment: z.object({ bands: z.array(AmountBand).max(100), baseBand: AmountBand }).strict(),
    /** F3 sending (demand) and F2 receiving (high-risk) countries. */
    corridors: z
      .object({ sending: z.array(country).max(250), receiving: z.array(country).max(250) })
      .strict(),
    /** Length of every sliding window (per sender, per receiver, per pair). */
    windowDays: z.number().int().min(1).max(366),
    /** Payments kept per party within the window; older ones beyond this count are dropped (bounds memory). */
    maxEventsPerParty: z.number().int().min(16).max(10_000),
    /** F1: small cross-border payments a party needs within the window. */
    small: z.object({ minPayments: count }).strict(),
    /** F4: repeated payments from one sender to one receiver, and their growth. */
    frequency: z
      .object({
        /** Payments of one pair within the window that can show escalation. */
        minPayments: count,
        /** Payments of one pair within the window that fire without escalation. */
        frequentPayments: count,
        /** Later payments (or their pace) at least this many times the earlier ones. */
        escalationRatio: z.number().min(1).max(100),
      })
      .strict(),
    /** F5: distinct unrelated foreign senders of one receiver. */
    fanIn: z.object({ minSenders: count }).strict(),
    /** F6: distinct unrelated receivers abroad of one sender. */
    fanOut: z.object({ minReceivers: count }).strict(),
    /** F7: payments of one pair with no family (shared surname) or business (reference) link. */
    noLink: z.object({ minPayments: count }).strict(),
    /** F8: payments made between `fromHour` and `toHour` in the sender's local time. */
    night: z.object({ fromHour: hour, toHour: hour, minPayments: count, minShare: ratio }).strict(),
    /** F9: references that use a cover narrative; `socialHandles` also counts an @handle. */
    coverNarrative: z
      .object({
        keywords: z.array(keyword).max(500),
        socialHandles: z.boolean(),
        minPayments: count,
      })
      .strict(),
    /**
     * References that show a business link: F5, F6, F7 and X1 do not count such a pair, nor any pair of a
     * party with at least `minShare` of its payments so referenced (a shop, an employer).
     */
    business: z.object({ keywords: z.array(keyword).max(500), minShare: ratio }).strict(),
    /** F10: risk weight of each channel (0–1); fires when the weighted share of a party's payments reaches `minShare`. */
    channels: z
      .object({
        weights: z.object(
          Object.fromEntries(CHANNELS.map((c) => [c, ratio])) as Record<Channel, typeof ratio>,
        ),
        minShare: ratio,
      })
      .strict(),
    /** X1: a sender under `maxAge` + 1 (by birth year) paying an unrelated receiver abroad, in a burst. */
    sextortion: z
      .object({
        maxAge: z.number().int().min(10).max(25),
        minPayments: count,
        burstHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30),
        /** Payments above this amount (base currency) are not counted. */
        maxAmount: z.number().positive(),
        /** Where extortion payments commonly go; named in the detail, not required. */
        receivingCountries: z.array(country).max(250),
      })
      .strict(),
    /**
     * F11 on a weak match — a party known only by name and country, which strangers share — adds these points
     * instead of F11's weight.
     */
    known: z.object({ weakWeight: weight }).strict().default({ weakWeight: 10 }),
    /** Points each indicator adds to an alert's score; 0 switches the indicator off. */
    weights: z.object(
      Object.fromEntries(INDICATOR_IDS.map((id) => [id, weight])) as Record<IndicatorId, typeof weight>,
    ),
    /** An alert needs `minIndicators` distinct indicators (never fewer than two) and a score of `threshold`. */
    alert: z
      .object({
        threshold: z.number().min(1).max(100),
        minIndicators: z.number().int().min(2, 'no single indicator raises an alert').max(12),
      })
      .strict(),
  })
  .strict();
export type ScreeningConfig = z.infer<typeof ScreeningConfig>;
export type ScreeningConfigInput = z.input<typeof ScreeningConfig>;

/**
 * Defaults from the published values in domain.md §5 (AUSTRAC, FATF 2025, FINTRAC 2025, AMLC); the counts
 * and hours of F4–F8, which nobody publishes, are tuned on synthetic seed 1 (docs/finance.md).
 */
export const DEFAULT_SCREENING_CONFIG: ScreeningConfig = {
  version: 1,
  baseCurrency: 'USD',
  rates: {
    USD: 1,
    PHP: 0.0175,
    AUD: 0.66,
    GBP: 1.27,
    EUR: 1.08,
    CAD: 0.73,
    SAR: 0.267,
    AED: 0.272,
    QAR: 0.275,
    KWD: 3.25,
    JPY: 0.0067,
    KRW: 0.00073,
    HKD: 0.128,
    SGD: 0.74,
    TWD: 0.031,
    MYR: 0.22,
    NZD: 0.6,
    CHF: 1.12,
    SEK: 0.095,
    NOK: 0.093,
    DKK: 0.145,
    THB: 0.028,
    INR: 0.012,
    MXN: 0.055,
    COP: 0.00025,
    DOP: 0.017,
    JMD: 0.0064,
    GHS: 0.065,
    NGN: 0.00065,
    XOF: 0.0016,
    ZAR: 0.055,
    UAH: 0.024,
    RON: 0.22,
    USDT: 1,
    USDC: 1,
  },
  smallPayment: {
    bands: [
      { currency: 'AUD', min: 10, max: 500 }, // AUSTRAC
      { currency: 'EUR', min: 10, max: 200 }, // FATF 2025
      { currency: 'CAD', min: 5, max: 200 }, // FINTRAC 2025
      { currency: 'USD', min: 5, max: 200 },
      { currency: 'PHP', min: 500, max: 10_000 }, // AMLC: 81% of flagged inbound payments were PHP 1,000–10,000
    ],
    baseBand: { currency: 'USD', min: 5, max: 200 },
  },
  corridors: {
    // AMLC: to the Philippines, the US about half, then Australia, the UK, Canada, Saudi Arabia, Germany, Japan.
    sending: ['US', 'AU', 'GB', 'CA', 'SA', 'DE', 'JP', 'NZ', 'NL', 'SE', 'NO'],
    // FINTRAC: the Philippines first.
    receiving: ['PH', 'TH', 'CO', 'GH', 'UA', 'DO', 'RO', 'JM', 'IN', 'ZA', 'MX'],
  },
  windowDays: 30,
  maxEventsPerParty: 256,
  small: { minPayments: 2 },
  frequency: { minPayments: 6, frequentPayments: 8, escalationRatio: 1.5 },
  fanIn: { minSenders: 3 },
  fanOut: { minReceivers: 3 },
  noLink: { minPayments: 2 },
  night: { fromHour: 22, toHour: 6, minPayments: 3, minShare: 0.5 },
  coverNarrative: {
    keywords: [
      'school fees',
      'school fee',
      'tuition',
      'uniform',
      'gift',
      'medical bills',
      'medical',
      'hospital',
      'medicine',
      'family support',
      'education',
      'allowance',
      'for the kids',
      'for baby',
      'milk',
      'load',
      'pang-tuition',
      'pang tuition',
      'pang-eskwela',
      'baon',
      'gatas',
      'regalo',
      'gamot',
      'ospital',
      'tulong',
      'para sa bata',
      'pambili',
    ],
    socialHandles: true,
    minPayments: 1,
  },
  business: {
    keywords: [
      'invoice',
      'inv',
      'order',
      'salary',
      'payroll',
      'wages',
      'services',
      'consulting',
      'contract',
      'subscription',
      'sahod',
      'bayad sa order',
    ],
    minShare: 0.5,
  },
  channels: {
    weights: { remittance: 1, ewallet: 1, p2p: 1, crypto: 0.8, card: 0.3, bank: 0.3 },
    minShare: 0.5,
  },
  sextortion: {
    maxAge: 17,
    minPayments: 2,
    burstHours: 72,
    maxAmount: 1650, // FATF: bursts up to EUR 1,500
    receivingCountries: ['NG', 'CI', 'GH', 'PH'],
  },
  known: { weakWeight: 10 },
  weights: {
    F1: 6,
    F2: 6,
    F3: 5,
    F4: 18,
    F5: 22,
    F6: 22,
    F7: 12,
    F8: 15,
    F9: 6,
    F10: 3,
    F11: 30,
    X1: 40,
  },
  alert: { threshold: 50, minIndicators: 2 },
};

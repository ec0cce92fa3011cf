import { SeededRandom } from '../../demo/random.ts';
import { DEFAULT_SCREENING_CONFIG } from '../screening-config.ts';
import type { Channel, FinanceTransaction } from '../transaction.ts';
import { offsetOf, person, PLACES, type Culture, type Person } from './people.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const RATES = DEFAULT_SCREENING_CONFIG.rates;
const WHOLE_UNITS = new Set(['JPY', 'KRW', 'COP', 'NGN', 'XOF']);
const NICE = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10];

/** One side of a payment, as a stream keeps it: a person number and where they are. */
export interface Side {
  n: number;
  country: string;
  /** A family name this person shares with a relative on the other side. */
  familyName?: string;
  birthYear?: number;
  /** Receiving account (bank, e-wallet), when the payment names one. */
  account?: string;
  /** How they are named, when not as in their country (migrants). */
  culture?: Culture;
}

/** What every stream of payments shares: the seed, one random source, the clock's origin, the id counters. */
export class GeneratorContext {
  readonly random: SeededRandom;
  private people = 0;
  private transactions = 0;

  constructor(
    readonly seed: number,
    readonly start: number,
    readonly days: number,
  ) {
    this.random = new SeededRandom(seed);
  }

  newPerson(): number {
    return ++this.people;
  }

  person(side: Side): Person {
    const place = PLACES[side.country]!;
    return person(this.seed, side.n, side.culture ?? place.culture, place, side.familyName);
  }

  /** Epoch ms of `hour` (fractional) local time on day `day` after the start, in the zone `offset`. */
  localTime(day: number, hour: number, offset: number): number {
    return this.start + day * DAY + hour * HOUR - offset * 60_000;
  }

  /** An amount of about `usd` dollars in `currency`, rounded to what people send (100, 150, 2,500…). */
  roundAmount(usd: number, currency: string): number {
    const local = usd / (RATES[currency] ?? 1);
    const scale = 10 ** Math.floor(Math.log10(local));
    const nice = NICE.reduce((best, m) =>
      Math.abs(m * scale - local) < Math.abs(best * scale - local) ? m : best,
    );
    return nice * scale;
  }

  /** An amount of `usd` dollars in `currency`, to the cent (or whole units). */
  exactAmount(usd: number, currency: string): number {
    const local = usd / (RATES[currency] ?? 1);
    return WHOLE_UNITS.has(currency) ? Math.round(local) : Math.round(local * 100) / 100;
  }

  payment(p: {
    at: number;
    amount: number;
    currency: string;
    channel: Channel;
    reference?: string;
    sender: Side;
    receiver: Side;
  }): FinanceTransaction {
    const s = this.person(p.sender);
    const r = this.person(p.receiver);
    return {
      transactionId: `TX${String(++this.transactions).padStart(10, '0')}`,
      // Whole seconds, as the default layout's timestamps carry them.
      at: Math.round(p.at / 1000) * 1000,
      utcOffsetMinutes: offsetOf(p.sender.country, p.sender.n),
      amount: p.amount,
      currency: p.currency,
      channel: p.channel,
      ...(p.reference ? { reference: p.reference } : {}),
      sender: {
        id: s.id,
        name: s.name,
        country: p.sender.country,
        phone: s.phone,
        email: s.email,
        ...(p.sender.birthYear ? { birthYear: p.sender.birthYear } : {}),
        sex: s.sex,
      },
      receiver: {
        id: r.id,
        name: r.name,
        country: p.receiver.country,
        phone: r.phone,
        ...(p.receiver.account ? { account: p.receiver.account } : {}),
      },
    };
  }

  /** A sender's local hour: daytime for most, night for some. */
  hour(night: boolean): number {
    const r = this.random;
    return night ? (22 + r.next() * 7) % 24 : 8 + r.next() * 13;
  }

  /** The epoch ms at `day` (fraction of days from the start) in the sender's zone at local `hour`. */
  at(day: number, hour: number, sender: Side): number {
    return this.localTime(Math.floor(day), hour, offsetOf(sender.country, sender.n));
  }

  year(at: number): number {
    return new Date(at).getUTCFullYear();
  }
}

/** A source of payments in time order: `at` is its next payment's time (Infinity when it has no more). */
export interface PaymentStream {
  at: number;
  /** The payment due at `at`; moves `at` on to the next one. */
  emit(g: GeneratorContext): FinanceTransaction;
}

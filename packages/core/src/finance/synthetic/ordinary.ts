import type { Channel, FinanceTransaction } from '../transaction.ts';
import { DAY, HOUR, type GeneratorContext, type PaymentStream, type Side } from './context.ts';
import { PLACES } from './people.ts';

/**
 * The ordinary payments that make up almost all of the data: family remittances, shop purchases at home
 * and abroad, and payroll. They are written to look like what screening must not flag — including the
 * things offenders imitate (school fees, small regular amounts, e-wallets).
 */

type Weighted<T> = readonly (readonly [T, number])[];

export function weighted<T>(g: GeneratorContext, items: Weighted<T>): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let r = g.random.next() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
}

/** Where family remittances go from, and to (the Philippines first). */
const FAMILY_CORRIDORS: Weighted<readonly [string, string]> = [
  [['US', 'PH'], 20],
  [['SA', 'PH'], 11],
  [['AE', 'PH'], 8],
  [['SG', 'PH'], 5],
  [['JP', 'PH'], 5],
  [['GB', 'PH'], 4],
  [['CA', 'PH'], 5],
  [['HK', 'PH'], 4],
  [['QA', 'PH'], 4],
  [['KW', 'PH'], 3],
  [['IT', 'PH'], 3],
  [['AU', 'PH'], 3],
  [['US', 'MX'], 9],
  [['US', 'IN'], 4],
  [['AE', 'IN'], 5],
  [['GB', 'GH'], 3],
  [['US', 'CO'], 4],
];

const FAMILY_REFERENCES: Weighted<string> = [
  ['', 45],
  ['family support', 8],
  ['allowance', 7],
  ['padala', 6],
  ['pang-gastos', 5],
  ['for mama', 4],
  ['bills', 4],
  ['groceries', 5],
  ['tuition', 4],
  ['school fees', 3],
  ['for the kids', 3],
  ['pambayad kuryente', 3],
  ['baon', 2],
  ['rent', 3],
];
const EMERGENCY_REFERENCES: Weighted<string> = [
  ['hospital', 3],
  ['medicine', 3],
  ['gamot', 2],
  ['medical bills', 2],
  ['tuition', 2],
  ['', 3],
];
const HOLIDAY_REFERENCES: Weighted<string> = [
  ['merry christmas', 3],
  ['pamasko', 3],
  ['gift', 2],
  ['regalo', 1],
  ['', 3],
];
const FAMILY_CHANNELS: Weighted<Channel> = [
  ['remittance', 45],
  ['bank', 25],
  ['ewallet', 22],
  ['p2p', 8],
];

export type Cadence = 'monthly' | 'twice-monthly' | 'weekly';

/** Expected payments per day of one family stream of each cadence (support, emergencies, December). */
export const FAMILY_RATE: Record<Cadence, number> = {
  monthly: 1.14 / 30.4,
  'twice-monthly': 2.14 / 30.4,
  weekly: 4.4 / 30.4,
};

interface Due {
  at: number;
  usd: number;
  reference: string;
}

/**
 * A relative abroad supporting family at home: the same round amount on paydays (monthly, twice a month or
 * weekly), an extra one in emergencies and in December, through one channel mostly, mostly in daytime.
 */
export class FamilyStream implements PaymentStream {
  at = Infinity;
  private dues: Due[] = [];
  private month = 0;
  /** Weekly senders: the day of the current month of their next payment. */
  private weekday: number | undefined;
  private readonly currency: string;
  private readonly channel: Channel;
  private readonly usd: number;
  private readonly nightOwl: boolean;

  constructor(
    g: GeneratorContext,
    readonly sender: Side,
    readonly receiver: Side,
    private readonly cadence: Cadence,
  ) {
    const r = g.random;
    this.currency = receiver.country === 'PH' && r.chance(0.25) ? 'PHP' : PLACES[sender.country]!.currency;
    this.channel = weighted(g, FAMILY_CHANNELS);
    const base = cadence === 'weekly' ? 40 + r.next() * 60 : 80 + r.next() * r.next() * 420;
    this.usd = base;
    this.nightOwl = r.chance(0.05);
    this.plan(g);
  }

  /** Plans one calendar month of payments, then the next when these are sent. */
  private plan(g: GeneratorContext): void {
    const r = g.random;
    while (!this.dues.length) {
      const first = new Date(g.start);
      const monthStart = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + this.month, 1);
      const monthOf = new Date(monthStart).getUTCMonth();
      const day0 = (monthStart - g.start) / DAY;
      this.month++;
      const monthDays =
        (Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + this.month, 1) - monthStart) / DAY;
      const days: number[] = [];
      if (this.cadence === 'weekly') {
        // The same weekday, week after week, across month ends.
        this.weekday ??= r.int(1, 7);
        for (; this.weekday <= monthDays; this.weekday += 7) days.push(this.weekday);
        this.weekday -= monthDays;
      } else
        days.push(
          ...(this.cadence === 'twice-monthly'
            ? [14 + r.int(0, 2), 28 + r.int(0, 2)]
            : [r.chance(0.5) ? 14 + r.int(0, 2) : 27 + r.int(0, 1)]),
        );
      const dues: Due[] = days.map((d) => ({
        at: d,
        usd: this.usd,
        reference: weighted(g, FAMILY_REFERENCES),
      }));
      if (r.chance(0.08))
        dues.push({
          at: r.int(1, 28),
          usd: this.usd * (0.5 + r.next() * 1.5),
          reference: weighted(g, EMERGENCY_REFERENCES),
        });
      if (monthOf === 11 && r.chance(0.6))
        dues.push({
          at: r.int(8, 22),
          usd: this.usd * (1.5 + r.next() * 1.5),
          reference: weighted(g, HOLIDAY_REFERENCES),
        });
      for (const due of dues) {
        const hour = g.hour(this.nightOwl && r.chance(0.7));
        // Within the month, so no payment of the next month's plan comes before one of this month's.
        due.at = g.at(day0 + Math.min(due.at, monthDays) - 1, hour, this.sender);
      }
      this.dues = dues.filter((d) => d.at >= g.start).sort((a, b) => a.at - b.at);
      if (this.month > 10_000) break;
    }
    this.at = this.dues[0]?.at ?? Infinity;
  }

  emit(g: GeneratorContext): FinanceTransaction {
    const due = this.dues.shift()!;
    const channel = g.random.chance(0.85) ? this.channel : weighted(g, FAMILY_CHANNELS);
    const tx = g.payment({
      at: due.at,
      amount: g.roundAmount(due.usd, this.currency),
      currency: this.currency,
      channel,
      reference: due.reference,
      sender: this.sender,
      receiver: this.receiver,
    });
    if (!this.dues.length) this.plan(g);
    else this.at = this.dues[0]!.at;
    return tx;
  }
}

/** A family remittance stream: the corridor, relatives (most share a family name), the cadence. */
export function familyStream(g: GeneratorContext, receiver?: Side): FamilyStream {
  const r = g.random;
  const [from, to] = receiver
    ? [
        weighted(
          g,
          FAMILY_CORRIDORS.filter(([c]) => c[1] === 'PH'),
        )[0],
        receiver.country,
      ]
    : weighted(g, FAMILY_CORRIDORS);
  // Migrants: named as at home.
  const sender: Side = { n: g.newPerson(), country: from, culture: PLACES[to]!.culture };
  if (r.chance(0.4)) sender.birthYear = g.year(g.start) - r.int(22, 60);
  let recipient: Side;
  if (receiver) {
    recipient = receiver;
    sender.familyName = g.person(receiver).familyName;
  } else {
    recipient = { n: g.newPerson(), country: to };
    // In-laws and partners often carry another family name.
    if (r.chance(0.92)) recipient.familyName = g.person(sender).familyName;
  }
  const cadence = weighted<Cadence>(g, [
    ['monthly', 70],
    ['twice-monthly', 25],
    ['weekly', 5],
  ]);
  return new FamilyStream(g, sender, recipient, cadence);
}

const DOMESTIC_CHANNELS: Weighted<Channel> = [
  ['card', 60],
  ['ewallet', 30],
  ['bank', 10],
];
const ABROAD_CHANNELS: Weighted<Channel> = [
  ['card', 50],
  ['p2p', 35],
  ['ewallet', 15],
];
const SHOP_COUNTRIES: Weighted<string> = [
  ['PH', 45],
  ['US', 25],
  ['GB', 8],
  ['AU', 7],
  ['CA', 5],
  ['SA', 5],
  ['JP', 5],
];
const BUYER_COUNTRIES: Weighted<string> = [
  ['US', 50],
  ['AU', 15],
  ['GB', 15],
  ['CA', 12],
  ['DE', 5],
  ['NZ', 3],
];

/** A buyer's country where it is between 07:00 and 23:00 at `at` (people shop when awake). */
function awakeBuyerCountry(g: GeneratorContext, at: number): string {
  for (let tries = 0; tries < 8; tries++) {
    const country = weighted(g, BUYER_COUNTRIES);
    const hour = (((at / HOUR + PLACES[country]!.offset / 60) % 24) + 24) % 24;
    if (hour >= 7 && hour < 23) return country;
  }
  return weighted(g, BUYER_COUNTRIES);
}

/** Expected purchases per day of one shop. */
export const SHOP_RATE = { domestic: 11, abroad: 1.1 };

/**
 * A shop paid by its customers: at home (cards, e-wallets, domestic), or a seller in the Philippines
 * paid from abroad (freelancers, crafts) — many unrelated foreign payers, most with an order reference.
 */
export class ShopStream implements PaymentStream {
  at: number;
  private readonly perDay: number;
  private readonly regulars: number[];

  constructor(
    g: GeneratorContext,
    readonly shop: Side,
    private readonly abroad: boolean,
  ) {
    const r = g.random;
    const mean = abroad ? SHOP_RATE.abroad : SHOP_RATE.domestic;
    this.perDay = mean * (0.2 + r.next() * 1.6);
    this.regulars = Array.from({ length: r.int(1, 5) }, () => g.newPerson());
    this.at = g.start + r.next() * (DAY / this.perDay);
  }

  emit(g: GeneratorContext): FinanceTransaction {
    const r = g.random;
    const country = this.abroad ? awakeBuyerCountry(g, this.at) : this.shop.country;
    const regular = r.chance(0.05);
    const n = regular ? r.pick(this.regulars) : g.newPerson();
    const buyer: Side = { n, country };
    if (r.chance(0.3)) buyer.birthYear = g.year(this.at) - r.int(14, 70);
    const usd = Math.min(400, 4 + r.next() * r.next() * (this.abroad ? 250 : 150));
    const ordered = r.chance(this.abroad ? 0.7 : 0.85) || (buyer.birthYear ?? 0) > g.year(this.at) - 18;
    const reference = ordered
      ? `${this.abroad && r.chance(0.2) ? 'invoice' : 'order'} ${r.digits(6)}`
      : r.chance(0.5)
        ? ''
        : 'thanks';
    const currency = this.abroad && r.chance(0.4) ? 'USD' : PLACES[country]!.currency;
    const tx = g.payment({
      at: this.at,
      amount: g.exactAmount(usd, currency),
      currency,
      channel: weighted(g, this.abroad ? ABROAD_CHANNELS : DOMESTIC_CHANNELS),
      reference,
      sender: buyer,
      receiver: this.shop,
    });
    this.at += (-Math.log(1 - r.next()) * DAY) / this.perDay;
    return tx;
  }
}

export function shopStream(g: GeneratorContext, abroad: boolean): ShopStream {
  const country = abroad ? 'PH' : weighted(g, SHOP_COUNTRIES);
  return new ShopStream(g, { n: g.newPerson(), country, account: `ACCT-${g.random.digits(10)}` }, abroad);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Expected payments per day of one employer (22 employees on average, monthly). */
export const PAYROLL_RATE = 22.5 / 30.4;

/**
 * An employer paying its staff at the end of each month, by bank, one payment after the other; a quarter
 * pay remote contractors in the Philippines from abroad.
 */
export class PayrollStream implements PaymentStream {
  at: number;
  private next = 0;
  private month = 0;
  private readonly staff: Side[];
  private readonly usd: number[];

  constructor(
    g: GeneratorContext,
    readonly employer: Side,
    abroad: boolean,
  ) {
    const r = g.random;
    const size = r.int(5, 40);
    this.staff = Array.from({ length: size }, () => ({
      n: g.newPerson(),
      country: abroad ? 'PH' : employer.country,
    }));
    this.usd = this.staff.map(() => (abroad ? 150 + r.next() * 1350 : 300 + r.next() * 2700));
    this.at = this.payday(g);
  }

  private payday(g: GeneratorContext): number {
    const first = new Date(g.start);
    for (;;) {
      const day = Date.UTC(
        first.getUTCFullYear(),
        first.getUTCMonth() + this.month,
        25 + (this.employer.n % 4),
      );
      this.month++;
      const at = g.at((day - g.start) / DAY, 9 + (this.employer.n % 6), this.employer);
      if (at >= g.start) return at;
    }
  }

  emit(g: GeneratorContext): FinanceTransaction {
    const month = MONTHS[new Date(this.at).getUTCMonth()]!;
    const employee = this.staff[this.next]!;
    const currency = PLACES[this.employer.country]!.currency;
    const abroad = employee.country !== this.employer.country;
    const tx = g.payment({
      at: this.at,
      amount: g.exactAmount(this.usd[this.next]!, currency),
      currency,
      channel: 'bank',
      reference: abroad ? `contract payment ${month}` : g.random.chance(0.5) ? `salary ${month}` : 'payroll',
      sender: this.employer,
      receiver: employee,
    });
    this.next++;
    if (this.next < this.staff.length) this.at += 20_000;
    else {
      this.next = 0;
      this.at = this.payday(g);
    }
    return tx;
  }
}

export function payrollStream(g: GeneratorContext, abroad: boolean): PayrollStream {
  const country = abroad ? weighted(g, BUYER_COUNTRIES) : weighted(g, SHOP_COUNTRIES);
  return new PayrollStream(g, { n: g.newPerson(), country }, abroad);
}

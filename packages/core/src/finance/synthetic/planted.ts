import type { Channel, FinanceTransaction, PartyRole } from '../transaction.ts';
import { DAY, HOUR, type GeneratorContext, type PaymentStream, type Side } from './context.ts';
import { weighted } from './ordinary.ts';
import { PLACES } from './people.ts';

/**
 * The planted patterns of domain.md §5 that screening should find, each a short script of payments, and
 * the labels that name their parties. Amounts, cadences and corridors follow the published typologies;
 * references use neutral or cover words only.
 */

export const PLANTED_PATTERNS = [
  'single-payer',
  'fan-in',
  'escalation-before-travel',
  'fan-out',
  'crypto-to-ewallet',
  'sextortion',
] as const;
export type PlantedPattern = (typeof PLANTED_PATTERNS)[number];

/** A planted party: payers and facilitators of livestreamed abuse, or an extorter (sextortion). */
export interface PlantedParty {
  role: PartyRole;
  id: string;
  kind: 'payer' | 'facilitator' | 'extorter';
  pattern: PlantedPattern;
}

interface Planned {
  at: number;
  usd: number;
  currency: string;
  channel: Channel;
  reference: string;
  sender: Side;
  receiver: Side;
}

/** Payments planned in advance, emitted in time order; each planted party is labelled at its first payment. */
export class ScriptStream implements PaymentStream {
  at: number;
  private next = 0;
  private readonly labelled = new Set<number>();

  constructor(
    private readonly planned: Planned[],
    private readonly parties: Map<number, Omit<PlantedParty, 'id'>>,
    private readonly onLabel: (label: PlantedParty) => void,
  ) {
    planned.sort((a, b) => a.at - b.at);
    this.at = planned[0]?.at ?? Infinity;
  }

  emit(g: GeneratorContext): FinanceTransaction {
    const p = this.planned[this.next++]!;
    const tx = g.payment({ ...p, amount: g.exactAmount(p.usd, p.currency) });
    for (const [side, id] of [
      [p.sender, tx.sender.id],
      [p.receiver, tx.receiver.id],
    ] as const) {
      const party = this.parties.get(side.n);
      if (party && !this.labelled.has(side.n)) {
        this.labelled.add(side.n);
        this.onLabel({ ...party, id });
      }
    }
    this.at = this.planned[this.next]?.at ?? Infinity;
    return tx;
  }
}

const DEMAND: readonly (readonly [string, number])[] = [
  ['US', 45],
  ['AU', 14],
  ['GB', 12],
  ['CA', 10],
  ['DE', 6],
  ['SA', 3],
  ['JP', 3],
  ['NZ', 3],
  ['NL', 2],
  ['SE', 2],
];
const FACILITATOR_COUNTRIES: readonly (readonly [string, number])[] = [
  ['PH', 88],
  ['TH', 4],
  ['CO', 4],
  ['MX', 4],
];
const OFFENDER_CHANNELS: readonly (readonly [Channel, number])[] = [
  ['remittance', 40],
  ['ewallet', 30],
  ['p2p', 30],
];
const COVER_REFERENCES: readonly (readonly [string, number])[] = [
  ['', 40],
  ['school fees', 6],
  ['gift', 6],
  ['for baby', 4],
  ['milk', 4],
  ['load', 5],
  ['pang-tuition', 3],
  ['baon', 3],
  ['gatas', 3],
  ['regalo', 3],
  ['medical', 3],
  ['uniform', 3],
  ['tulong', 3],
  ['for the kids', 3],
  ['family support', 3],
  ['@handle', 8],
  ['thanks', 4],
  ['hi', 2],
];
const HANDLES = ['sunny', 'blue.sky', 'star_light', 'moon', 'happy.day', 'river', 'candy', 'rainbow'];

/** One offender's habits: where from, which channel and currency, how often at night. */
interface Payer {
  side: Side;
  channel: Channel;
  currency: string;
  night: number;
}

function payer(g: GeneratorContext): Payer {
  const r = g.random;
  const country = weighted(g, DEMAND);
  const own = PLACES[country]!.currency;
  return {
    side: { n: g.newPerson(), country },
    channel: weighted(g, OFFENDER_CHANNELS),
    currency: r.chance(0.75) ? own : 'USD',
    night: 0.3 + r.next() * 0.5,
  };
}

function facilitator(g: GeneratorContext): Side {
  const country = weighted(g, FACILITATOR_COUNTRIES);
  return { n: g.newPerson(), country, account: `09${g.random.digits(9)}` };
}

function coverReference(g: GeneratorContext): string {
  const ref = weighted(g, COVER_REFERENCES);
  return ref === '@handle' ? `@${g.random.pick(HANDLES)}${g.random.int(1, 99)}` : ref;
}

/** One offender payment on day `day` (from the start), with the payer's habits. */
function pay(g: GeneratorContext, day: number, from: Payer, to: Side, usd: number): Planned {
  const r = g.random;
  const channel = r.chance(0.85) ? from.channel : weighted(g, OFFENDER_CHANNELS);
  const currency = to.country === 'PH' && r.chance(0.1) ? 'PHP' : from.currency;
  return {
    at: g.at(day, g.hour(r.chance(from.night)), from.side),
    usd,
    currency,
    channel,
    reference: coverReference(g),
    sender: from.side,
    receiver: to,
  };
}

/** A script of one planted pattern, starting on day `start`, and its parties. */
export function plantedScript(
  g: GeneratorContext,
  pattern: PlantedPattern,
  start: number,
  onLabel: (label: PlantedParty) => void,
): { stream: ScriptStream; facilitators: Side[] } {
  const r = g.random;
  const planned: Planned[] = [];
  const parties = new Map<number, Omit<PlantedParty, 'id'>>();
  const role = (side: Side, kind: PlantedParty['kind']) =>
    parties.set(side.n, { role: kind === 'payer' ? 'sender' : 'receiver', kind, pattern });
  const facilitators: Side[] = [];
  const newFacilitator = () => {
    const f = facilitator(g);
    facilitators.push(f);
    role(f, 'facilitator');
    return f;
  };

  switch (pattern) {
    case 'single-payer': {
      // One payer, one facilitator: every few days for three to six weeks, creeping up.
      const p = payer(g);
      const f = newFacilitator();
      role(p.side, 'payer');
      let usd = 20 + r.next() * 40;
      const end = start + r.int(21, 42);
      for (let day = start; day < end; day += 1.5 + r.next() * 3.5) {
        planned.push(pay(g, day, p, f, usd));
        usd = Math.min(190, usd * (1 + r.next() * 0.15));
      }
      break;
    }
    case 'fan-in': {
      // Several foreign payers, a few payments each, to one facilitator within four weeks.
      const f = newFacilitator();
      for (let k = r.int(3, 6); k > 0; k--) {
        const p = payer(g);
        role(p.side, 'payer');
        for (let m = r.int(2, 5); m > 0; m--)
          planned.push(pay(g, start + r.next() * 26, p, f, 15 + r.next() * 75));
      }
      break;
    }
    case 'escalation-before-travel': {
      // Growing amounts, shrinking gaps, then a larger payment for the journey.
      const p = payer(g);
      const f = newFacilitator();
      role(p.side, 'payer');
      let usd = 15 + r.next() * 15;
      let gap = 5 + r.next() * 2;
      let day = start;
      for (let m = r.int(7, 10); m > 0; m--) {
        planned.push(pay(g, day, p, f, usd));
        usd = Math.min(190, usd * (1.2 + r.next() * 0.2));
        gap = Math.max(1, gap * 0.75);
        day += gap;
      }
      const trip = pay(g, day + r.int(1, 3), p, f, 300 + r.next() * 400);
      trip.reference = r.pick(['ticket', 'for the trip', 'pamasahe', 'travel']);
      planned.push(trip);
      break;
    }
    case 'fan-out': {
      // One payer paying several facilitators, two or three times each, within three and a half weeks.
      const p = payer(g);
      role(p.side, 'payer');
      for (let k = r.int(3, 5); k > 0; k--) {
        const f = newFacilitator();
        for (let m = r.int(2, 3); m > 0; m--)
          planned.push(pay(g, start + r.next() * 24, p, f, 15 + r.next() * 75));
      }
      break;
    }
    case 'crypto-to-ewallet': {
      // Stablecoins bought abroad, cashed out into a facilitator's e-wallet.
      const p = payer(g);
      p.channel = 'crypto';
      p.currency = 'USDT';
      const f = newFacilitator();
      role(p.side, 'payer');
      const end = start + r.int(20, 28);
      for (let m = r.int(5, 9); m > 0; m--) {
        const planned1 = pay(g, start + r.next() * (end - start), p, f, 25 + r.next() * 125);
        planned.push({ ...planned1, channel: 'crypto', currency: 'USDT' });
      }
      break;
    }
    case 'sextortion': {
      // The reverse flow: young people abroad paying one extorter in short bursts that then stop.
      const extorter: Side = {
        n: g.newPerson(),
        country: weighted(g, [
          ['NG', 35],
          ['CI', 20],
          ['PH', 25],
          ['GH', 20],
        ] as const),
        account: `W${g.random.digits(10)}`,
      };
      role(extorter, 'extorter');
      for (let k = r.int(1, 3); k > 0; k--) {
        const country = weighted(g, [
          ['US', 50],
          ['CA', 15],
          ['GB', 15],
          ['AU', 15],
          ['NZ', 5],
        ] as const);
        const victim: Side = {
          n: g.newPerson(),
          country,
          birthYear: g.year(g.start + start * DAY) - r.int(14, 16),
        };
        const channel = weighted<Channel>(g, [
          ['p2p', 40],
          ['ewallet', 30],
          ['card', 30],
        ]);
        const currency = r.chance(0.8) ? PLACES[country]!.currency : 'USD';
        let at = g.at(start + r.int(0, 20), 18 + r.next() * 7, victim);
        let total = 0;
        for (let m = r.int(2, 4); m > 0 && total < 1400; m--) {
          const usd = Math.min(1500 - total, 50 + r.next() * 350);
          total += usd;
          planned.push({
            at,
            usd,
            currency,
            channel,
            reference: weighted(g, [
              ['', 6],
              ['gift', 1],
              ['sorry', 1],
              ['game', 1],
              ['ok', 1],
            ] as const),
            sender: victim,
            receiver: extorter,
          });
          at += (2 + r.next() * 22) * HOUR;
        }
      }
      break;
    }
  }
  return { stream: new ScriptStream(planned, parties, onLabel), facilitators };
}

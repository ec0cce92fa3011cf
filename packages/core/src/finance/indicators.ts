import type { PaymentLog } from './payment-log.ts';
import type { ScreeningConfig } from './screening-config.ts';
import {
  BUSINESS,
  COVER,
  DEMAND_SENDER,
  MINOR,
  NIGHT,
  RISKY_RECEIVER,
  SMALL,
  type Pair,
  type Party,
  related,
} from './screening-state.ts';
import { INDICATOR_IDS, type IndicatorId, type KnownParty, type ScreeningAlert } from './transaction.ts';

/** What one evaluation needs from the screener around it. */
export interface EvaluationContext {
  config: ScreeningConfig;
  log: PaymentLog;
  /** Oldest time still in the window. */
  since: number;
  /** A number no pair has been stamped with yet. */
  nextStamp(): number;
  /** F5/F6 fan of a party (distinct unrelated counterparties), computed once per flush. */
  fanOf(party: Party): number;
  /** How a party is already known (F11), asked once. */
  knownOf(party: Party): KnownParty | undefined;
  alertRule: AlertRule;
}

/** One bit per indicator, in INDICATOR_IDS order. */
export const BIT = Object.fromEntries(INDICATOR_IDS.map((id, i) => [id, 1 << i])) as Record<
  IndicatorId,
  number
>;

/** The alert rule of one configuration: at least `minIndicators` indicators (weight above 0) and the threshold. */
export class AlertRule {
  private readonly weights: number[];

  constructor(private readonly config: ScreeningConfig) {
    this.weights = INDICATOR_IDS.map((id) => config.weights[id]);
  }

  /** Whether the indicators in `mask` together could raise an alert. */
  reachable(mask: number): boolean {
    let count = 0;
    let score = 0;
    for (let i = 0; i < this.weights.length; i++) {
      if (!(mask & (1 << i)) || this.weights[i]! <= 0) continue;
      count++;
      score += this.weights[i]!;
    }
    return count >= this.config.alert.minIndicators && score >= this.config.alert.threshold;
  }
}

const MAX_TRANSACTION_IDS = 200;
const LIST_MAX = 5;

/** A party's other side in a pair. */
function other(party: Party, pair: Pair): Party {
  return party.role === 'sender' ? pair.receiver : pair.sender;
}

/** Unrelated as F5, F6 and X1 count it: no shared family name known and no business reference. */
export function unlinked(pair: Pair): boolean {
  return !pair.business && related(pair) !== true;
}

/**
 * Distinct unrelated counterparties of `party` through screened payments since `since` (F5/F6), and
 * whether it looks like a business account (at least `businessShare` of its payments say so): then 0.
 */
export function countFan(
  log: PaymentLog,
  party: Party,
  since: number,
  stamp: number,
  businessShare: number,
): number {
  let fan = 0;
  let screened = 0;
  let business = 0;
  for (let e = party.first; e >= 0; e = log.next[2 * e + party.side]!) {
    if (log.at[e]! < since) continue;
    screened++;
    if (log.flags[e]! & BUSINESS) business++;
    const pair = log.pair[e]!;
    if (pair.stamp === stamp) continue;
    pair.stamp = stamp;
    if (unlinked(pair)) fan++;
  }
  party.business = business > 0 && business >= screened * businessShare;
  return party.business ? 0 : fan;
}

/** F7's test of a pair: names that share no family name, and no business reference or business account. */
function withoutLink(pair: Pair, counterpart: Party, ctx: EvaluationContext): boolean {
  if (pair.business || related(pair) !== false) return false;
  ctx.fanOf(counterpart);
  return !counterpart.business;
}

function money(config: ScreeningConfig, amount: number): string {
  return `${config.baseCurrency} ${amount >= 10 ? Math.round(amount) : amount.toFixed(2)}`;
}

function list(items: Iterable<string>): string {
  const all = [...items];
  return all.length > LIST_MAX
    ? `${all.slice(0, LIST_MAX).join(', ')} and ${all.length - LIST_MAX} more`
    : all.join(', ');
}

function days(ms: number): string {
  const d = ms / 86_400_000;
  return d >= 10 ? `${Math.round(d)} days` : `${Math.round(d * 10) / 10} days`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * F4 on one pair: how its payments grew, in size or in pace, comparing the medians of the earlier and the
 * later half (so one bigger payment, or one extra, is not a trend); undefined when they did not.
 */
function escalation(config: ScreeningConfig, log: PaymentLog, slots: number[]): string | undefined {
  const n = slots.length;
  const half = n >> 1;
  const ratio = config.frequency.escalationRatio;
  const amounts = slots.map((e) => log.amount[e]!);
  // Three payments a side at least: fewer make a coincidence, not a trend.
  if (half < 3) return undefined;
  const early = median(amounts.slice(0, half));
  const late = median(amounts.slice(n - half));
  if (late >= early * ratio)
    return `growing from ${money(config, early)} to ${money(config, late)} (medians)`;
  const gaps = slots.slice(1).map((e, i) => log.at[e]! - log.at[slots[i]!]!);
  const gapHalf = gaps.length >> 1;
  if (gapHalf < 3) return undefined;
  const earlyGap = median(gaps.slice(0, gapHalf));
  const lateGap = Math.max(median(gaps.slice(gaps.length - gapHalf)), 60_000);
  if (earlyGap >= lateGap * ratio)
    return `more often: every ${days(lateGap)}, earlier every ${days(earlyGap)}`;
  return undefined;
}

/** The longest run of `times` (ascending) within `spanMs`: its length and its span. */
function densestBurst(times: number[], spanMs: number): { count: number; span: number } {
  let best = { count: 0, span: 0 };
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! > spanMs) start++;
    if (end - start + 1 > best.count) best = { count: end - start + 1, span: times[end]! - times[start]! };
  }
  return best;
}

/** Counts of one party's window, gathered without allocating (most evaluations stop at the bound). */
interface Tally {
  screened: number;
  small: number;
  min: number;
  max: number;
  risky: number;
  demand: number;
  night: number;
  cover: number;
  channelWeight: number;
  riskyChannel: number;
  /** X1 candidates: from a young sender, unrelated and without a business reference. */
  minor: number;
}

/** The distinct pairs of the party being evaluated (reused: one evaluation at a time, as is the tally). */
const scratchPairs: Pair[] = [];

const scratchTally: Tally = {
  screened: 0,
  small: 0,
  min: 0,
  max: 0,
  risky: 0,
  demand: 0,
  night: 0,
  cover: 0,
  channelWeight: 0,
  riskyChannel: 0,
  minor: 0,
};

/** Counts the party's window into the shared scratch tally (valid until the next call). */
function tally(log: PaymentLog, party: Party, since: number, stamp: number): Tally {
  const t = scratchTally;
  t.screened =
    t.small =
    t.risky =
    t.demand =
    t.night =
    t.cover =
    t.channelWeight =
    t.riskyChannel =
    t.minor =
      0;
  t.min = Infinity;
  t.max = -Infinity;
  scratchPairs.length = 0;
  const receiving = party.role === 'receiver';
  for (let e = party.first; e >= 0; e = log.next[2 * e + party.side]!) {
    if (log.at[e]! < since) continue;
    const pair = log.pair[e]!;
    if (pair.stamp !== stamp) {
      pair.stamp = stamp;
      pair.count = 0;
      scratchPairs.push(pair);
    }
    pair.count++;
    t.screened++;
    const f = log.flags[e]!;
    if (f & SMALL) {
      t.small++;
      const amount = log.amount[e]!;
      if (amount < t.min) t.min = amount;
      if (amount > t.max) t.max = amount;
    }
    if (f & MINOR && receiving && !(f & BUSINESS) && unlinked(pair)) t.minor++;
    if (f & RISKY_RECEIVER) t.risky++;
    if (f & DEMAND_SENDER) t.demand++;
    if (f & NIGHT) t.night++;
    if (f & COVER) t.cover++;
    const channelWeight = log.channelWeight[e]!;
    t.channelWeight += channelWeight;
    if (channelWeight >= 0.5) t.riskyChannel++;
  }
  return t;
}

/** The party's payments since `since`, oldest first, as slots of `log`. */
function inWindow(log: PaymentLog, party: Party, since: number): number[] {
  const slots: number[] = [];
  for (let e = party.first; e >= 0; e = log.next[2 * e + party.side]!) if (log.at[e]! >= since) slots.push(e);
  return slots;
}

/**
 * Whether the party could raise an alert at all, from what it keeps without looking at its payments: their
 * number and every flag they ever had. Most parties (one remittance a month) stop here.
 */
export function mayAlert(party: Party, ctx: EvaluationContext): boolean {
  const c = ctx.config;
  const n = party.count;
  const f = party.flagsSeen;
  const sending = party.role === 'sender';
  if (!n || (sending && party.minor)) return false;
  let maybe = BIT.F10;
  if (f & SMALL && n >= c.small.minPayments) maybe |= BIT.F1;
  if (f & RISKY_RECEIVER) maybe |= BIT.F2;
  if (f & DEMAND_SENDER) maybe |= BIT.F3;
  if (n >= c.frequency.minPayments) maybe |= BIT.F4;
  const partners = Math.min(n, party.pairCount);
  if (partners >= (sending ? c.fanOut.minReceivers : c.fanIn.minSenders)) maybe |= sending ? BIT.F6 : BIT.F5;
  if (party.partnerFanAt >= ctx.since) maybe |= sending ? BIT.F5 : BIT.F6;
  if (n >= c.noLink.minPayments) maybe |= BIT.F7;
  if (f & NIGHT && n >= c.night.minPayments) maybe |= BIT.F8;
  if (f & COVER && n >= c.coverNarrative.minPayments) maybe |= BIT.F9;
  if (party.knownNear) maybe |= BIT.F11;
  if (f & MINOR && n >= c.sextortion.minPayments) maybe |= BIT.X1;
  return ctx.alertRule.reachable(maybe);
}

/**
 * Evaluates every indicator on one party's window and returns its alert when at least `minIndicators`
 * distinct indicators fire and their weights reach the threshold. A sender known to be under the X1 age
 * is never the subject of an alert: their payments count against the receiver.
 */
export function evaluateParty(party: Party, ctx: EvaluationContext): ScreeningAlert | undefined {
  const { config, log, since } = ctx;
  const sending = party.role === 'sender';
  if (sending && party.minor) return undefined;
  const t = tally(log, party, since, ctx.nextStamp());
  if (!t.screened) return undefined;
  const fanMin = sending ? config.fanIn.minSenders : config.fanOut.minReceivers;
  const ownFanMin = sending ? config.fanOut.minReceivers : config.fanIn.minSenders;
  const ownFan = ctx.fanOf(party);

  // The bound: what could fire at most. Below the alert rule, stop before any detail is written.
  let maybe = 0;
  if (t.small >= config.small.minPayments) maybe |= BIT.F1;
  if (t.risky > 0) maybe |= BIT.F2;
  if (t.demand > 0) maybe |= BIT.F3;
  if (t.night >= config.night.minPayments && t.night >= t.screened * config.night.minShare) maybe |= BIT.F8;
  if (t.cover >= config.coverNarrative.minPayments) maybe |= BIT.F9;
  if (t.riskyChannel > 0 && t.channelWeight >= t.screened * config.channels.minShare) maybe |= BIT.F10;
  if (t.minor >= config.sextortion.minPayments) maybe |= BIT.X1;
  if (ownFan >= ownFanMin) maybe |= sending ? BIT.F6 : BIT.F5;
  if (ctx.knownOf(party)) maybe |= BIT.F11;
  for (const pair of scratchPairs) {
    const counterpart = other(party, pair);
    if (pair.count >= config.frequency.minPayments) maybe |= BIT.F4;
    if (withoutLink(pair, counterpart, ctx) && pair.count >= config.noLink.minPayments) maybe |= BIT.F7;
    if (ctx.knownOf(counterpart)) maybe |= BIT.F11;
    if (ownFan < ownFanMin && unlinked(pair) && ctx.fanOf(counterpart) >= fanMin)
      maybe |= sending ? BIT.F5 : BIT.F6;
  }
  if (party.business) maybe &= ~BIT.F7;
  if (!ctx.alertRule.reachable(maybe)) return undefined;

  const pairs = scratchPairs.slice();
  const counts = pairs.map((p) => p.count);
  const { screened, small, min, max, risky, demand, night, cover } = t;
  const riskyChannels = new Set<string>();
  const coverWords = new Set<string>();
  const countries = new Set<string>();
  const riskyCountries = new Set<string>();
  const demandCountries = new Set<string>();
  const minorEvents: number[] = [];
  const events = inWindow(log, party, since);
  for (const e of events) {
    const pair = log.pair[e]!;
    const f = log.flags[e]!;
    const counterpart = other(party, pair);
    if (counterpart.country) countries.add(counterpart.country);
    if (f & MINOR && !sending && !(f & BUSINESS) && unlinked(pair)) minorEvents.push(e);
    if (f & RISKY_RECEIVER && pair.receiver.country) riskyCountries.add(pair.receiver.country);
    if (f & DEMAND_SENDER && pair.sender.country) demandCountries.add(pair.sender.country);
    const coverWord = log.cover[e];
    if (coverWord) coverWords.add(coverWord);
    if (log.channelWeight[e]! >= 0.5) riskyChannels.add(log.channel[e]!);
  }
  const riskyChannelPayments = t.riskyChannel;

  const fired: { id: IndicatorId; detail: string }[] = [];
  const firedPairs = new Map<IndicatorId, Set<Pair>>();
  const points = new Map<IndicatorId, number>();
  // An indicator weighted 0 is switched off: it neither scores nor counts towards minIndicators.
  const fire = (id: IndicatorId, detail: string, on?: Pair[], weight = config.weights[id]) => {
    if (weight <= 0) return;
    fired.push({ id, detail });
    points.set(id, weight);
    if (on) firedPairs.set(id, new Set(on));
  };
  const window = `within ${config.windowDays} days`;
  const toFrom = sending ? 'to' : 'from';
  const role = sending ? 'receivers' : 'senders';

  if (small >= config.small.minPayments) {
    const range =
      min === max ? money(config, min) : `${money(config, min)}–${money(config, max).split(' ')[1]}`;
    fire(
      'F1',
      `${small} small cross-border payments of ${range} ${toFrom} ${pairs.length} ${role} in ${list(countries)} ${window}`,
    );
  }
  if (screened > 0 && risky > 0) {
    fire(
      'F2',
      sending
        ? `${risky} of ${screened} payments into high-risk receiving countries (${list(riskyCountries)})`
        : `receives in ${party.country}, a high-risk receiving country (${screened} payments from abroad)`,
    );
  }
  if (screened > 0 && demand > 0) {
    fire(
      'F3',
      sending
        ? `sends from ${party.country}, a demand country (${screened} payments abroad)`
        : `${demand} of ${screened} payments from senders in demand countries (${list(demandCountries)})`,
    );
  }

  // F4: the pair with the most payments that repeat and grow.
  let f4: { pair: Pair; detail: string; count: number } | undefined;
  for (let i = 0; i < pairs.length; i++) {
    const n = counts[i]!;
    if (n < config.frequency.minPayments || (f4 && n <= f4.count)) continue;
    const pair = pairs[i]!;
    const grew = escalation(
      config,
      log,
      events.filter((e) => log.pair[e] === pair),
    );
    if (!grew && n < config.frequency.frequentPayments) continue;
    const partner = other(party, pair).id;
    f4 = {
      pair,
      count: n,
      detail: `${n} payments ${toFrom} ${partner} ${window}${grew ? `, ${grew}` : ''}`,
    };
  }
  if (f4) fire('F4', f4.detail, [f4.pair]);

  // F5 and F6: the party's own fan, or the fan of a counterparty it pays or is paid by.
  const fanInMin = config.fanIn.minSenders;
  const fanOutMin = config.fanOut.minReceivers;
  if (!sending && ownFan >= fanInMin) {
    fire('F5', `payments from ${ownFan} unrelated foreign senders ${window}`, pairs.filter(unlinked));
  }
  if (sending && ownFan >= fanOutMin) {
    fire('F6', `payments to ${ownFan} unrelated receivers abroad ${window}`, pairs.filter(unlinked));
  }
  const fanned = pairs.filter(
    (p) => unlinked(p) && ctx.fanOf(other(party, p)) >= (sending ? fanInMin : fanOutMin),
  );
  if (fanned.length) {
    const top = fanned.reduce((a, b) => (ctx.fanOf(other(party, b)) > ctx.fanOf(other(party, a)) ? b : a));
    const who = other(party, top);
    const more = fanned.length > 1 ? ` (and ${fanned.length - 1} more like it)` : '';
    if (sending && ownFan < fanOutMin)
      fire(
        'F5',
        `pays ${who.id}, who received payments from ${ctx.fanOf(who)} unrelated foreign senders ${window}${more}`,
        fanned,
      );
    if (!sending && ownFan < fanInMin)
      fire(
        'F6',
        `paid by ${who.id}, who paid ${ctx.fanOf(who)} unrelated receivers abroad ${window}${more}`,
        fanned,
      );
  }

  const noLink: Pair[] = [];
  let noLinkPayments = 0;
  pairs.forEach((p, i) => {
    if (!withoutLink(p, other(party, p), ctx) || counts[i]! < config.noLink.minPayments) return;
    noLink.push(p);
    noLinkPayments += counts[i]!;
  });
  if (noLink.length && !party.business) {
    const payments = noLinkPayments;
    fire(
      'F7',
      `no family or business link with ${noLink.length} ${noLink.length === 1 ? (sending ? 'receiver' : 'sender') : role} ` +
        `(no shared family name, no business reference) over ${payments} payments`,
      noLink,
    );
  }
  const n = config.night;
  if (night >= n.minPayments && night >= screened * n.minShare) {
    const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
    fire(
      'F8',
      `${night} of ${screened} payments between ${hh(n.fromHour)} and ${hh(n.toHour)} in the sender's local time`,
    );
  }
  if (cover >= config.coverNarrative.minPayments) {
    const words = [...coverWords].map((w) => (w.includes(' handle') ? w : `"${w}"`));
    fire('F9', `cover narratives in ${cover} of ${screened} references (${list(words)})`);
  }
  if (riskyChannelPayments > 0 && t.channelWeight >= screened * config.channels.minShare) {
    fire('F10', `${riskyChannelPayments} of ${screened} payments through ${list(riskyChannels)}`);
  }

  // A match on name and country alone is weak (strangers share both): it adds `known.weakWeight`, not F11's.
  const knownWeight = (k: KnownParty) =>
    k.weak ? Math.min(config.known.weakWeight, config.weights.F11) : config.weights.F11;
  const ownKnown = ctx.knownOf(party);
  if (ownKnown) fire('F11', `already known: ${ownKnown.detail}`, undefined, knownWeight(ownKnown));
  else if (pairs.length) {
    // The strongest match among its counterparties.
    const partners = pairs.filter((p) => ctx.knownOf(other(party, p)));
    const knownPartner = partners.find((p) => !ctx.knownOf(other(party, p))!.weak) ?? partners[0];
    if (knownPartner) {
      const who = other(party, knownPartner);
      const known = ctx.knownOf(who)!;
      fire(
        'F11',
        `${sending ? 'pays' : 'paid by'} ${who.id}, already known: ${known.detail}`,
        [knownPartner],
        knownWeight(known),
      );
    }
  }

  if (minorEvents.length >= config.sextortion.minPayments) {
    const x = config.sextortion;
    const burst = densestBurst(
      minorEvents.map((e) => log.at[e]!),
      x.burstHours * 3_600_000,
    );
    const victims = new Set(minorEvents.map((e) => log.pair[e]!.sender));
    if (burst.count >= x.minPayments || victims.size >= 2) {
      const total = minorEvents.reduce((sum, e) => sum + log.amount[e]!, 0);
      const from = new Set([...victims].map((v) => v.country ?? '?'));
      const destination =
        party.country && x.receivingCountries.includes(party.country)
          ? `, into ${party.country}, a common extortion destination`
          : '';
      fire(
        'X1',
        `${minorEvents.length} payments totalling ${money(config, total)} from ${victims.size} ${victims.size === 1 ? 'sender' : 'senders'} ` +
          `under ${x.maxAge + 1} in ${list(from)}, up to ${burst.count} within ${days(Math.max(burst.span, 3_600_000))}${destination}`,
      );
    }
  }

  if (fired.length < config.alert.minIndicators) return undefined;
  let score = 0;
  for (const f of fired) score += points.get(f.id)!;
  score = Math.min(100, Math.round(score));
  if (score < config.alert.threshold) return undefined;
  fired.sort((a, b) => points.get(b.id)! - points.get(a.id)!);

  return {
    party: { role: party.role, id: party.id },
    score,
    typology: fired.some((f) => f.id === 'X1') ? 'sextortion' : 'livestream',
    indicators: fired,
    transactionIds: firingTransactions(log, events, fired, firedPairs),
  };
}

/** The latest payments of `events` (the window's slots, at most MAX_TRANSACTION_IDS) that made a fired indicator fire. */
function firingTransactions(
  log: PaymentLog,
  events: number[],
  fired: { id: IndicatorId }[],
  firedPairs: Map<IndicatorId, Set<Pair>>,
): string[] {
  const ids = new Set(fired.map((f) => f.id));
  // F1 and F10 count every screened payment; the rest only theirs.
  const everySmall = ids.has('F1') || ids.has('F10');
  const ofPairs = [...firedPairs.values()];
  const out: string[] = [];
  for (let i = events.length - 1; i >= 0 && out.length < MAX_TRANSACTION_IDS; i--) {
    const e = events[i]!;
    const f = log.flags[e]!;
    const hit =
      (f & (SMALL | MINOR) &&
        (everySmall ||
          (ids.has('F2') && f & RISKY_RECEIVER) ||
          (ids.has('F3') && f & DEMAND_SENDER) ||
          (ids.has('F8') && f & NIGHT) ||
          (ids.has('F9') && f & COVER) ||
          ofPairs.some((s) => s.has(log.pair[e]!)))) ||
      (ids.has('X1') && f & MINOR);
    if (hit) out.push(log.transactionId[e]!);
  }
  return out.reverse();
}

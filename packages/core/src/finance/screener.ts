import { AlertRule, countFan, evaluateParty, mayAlert, type EvaluationContext } from './indicators.ts';
import { idHash, PartyTable } from './party-table.ts';
import { PaymentLog } from './payment-log.ts';
import { matchedWord, wordMatcher } from './references.ts';
import { ScreeningConfig, type ScreeningConfigInput } from './screening-config.ts';
import {
  addEvent,
  addPair,
  BUSINESS,
  COVER,
  DEMAND_SENDER,
  dropAll,
  dropPairsBefore,
  MINOR,
  newParty,
  NIGHT,
  prune,
  RISKY_RECEIVER,
  SMALL,
  type Pair,
  type Party,
} from './screening-state.ts';
import type { FinanceTransaction, KnownParty, PartyRole, ScreeningAlert } from './transaction.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What a referral or case may already hold about a party (F11). */
export interface KnownPartyQuery {
  role: PartyRole;
  id: string;
  phone?: string;
  email?: string;
  account?: string;
  name?: string;
  country?: string;
}

export interface ScreenerOptions {
  /** How the party is already in a referral, case or earlier report (F11), if it is; asked once per party. */
  knownParty?: (party: KnownPartyQuery) => KnownParty | undefined;
}

export interface Screener {
  /** Adds one payment; payments come in time order (see createScreener on disorder). */
  push(tx: FinanceTransaction): void;
  /** The alerts raised or changed since the last flush (only parties touched since then are evaluated). */
  flush(): ScreeningAlert[];
  /** Senders and receivers with screened payments held in the window. */
  activeParties(): number;
  /**
   * Whether the payment is one screening keeps (cross-border, and small or from a minor): only the parties
   * of such payments are ever asked about with `knownParty`.
   */
  screens(tx: FinanceTransaction): boolean;
}

/**
 * An incremental screener over sliding windows per sender, per receiver and per pair (domain.md §5).
 *
 * Only payments that can make an indicator fire are kept: small cross-border ones (F1), and cross-border
 * ones from a sender under the X1 age. Everything else (domestic payments, large transfers, unknown
 * countries) passes through without touching memory. Each party keeps its payments of the last
 * `windowDays`, at most `maxEventsPerParty`; a party with nothing left in the window is forgotten, so
 * memory follows the parties active in the window, not the length of the stream.
 *
 * Time is the latest payment time seen. A payment a little out of order is screened as if in order; one
 * already older than the window when it arrives is skipped (counted in `late`).
 */
export function createScreener(
  input: ScreeningConfigInput,
  options: ScreenerOptions = {},
): Screener & { late: number } {
  const config = ScreeningConfig.parse(input);
  const windowMs = config.windowDays * DAY;
  const rates = new Map(Object.entries(config.rates));
  const bands = new Map(config.smallPayment.bands.map((b) => [b.currency, b]));
  const baseBand = config.smallPayment.baseBand;
  const baseBandRate = rates.get(baseBand.currency) ?? NaN;
  const sending = new Set(config.corridors.sending);
  const receiving = new Set(config.corridors.receiving);
  const cover = wordMatcher(config.coverNarrative.keywords, config.coverNarrative.socialHandles);
  const business = wordMatcher(config.business.keywords);
  const channelWeights = new Map(Object.entries(config.channels.weights));
  const { fromHour, toHour } = config.night;
  const x1 = config.sextortion;
  const alertRule = new AlertRule(config);

  const senders = new PartyTable();
  const receivers = new PartyTable();
  const log = new PaymentLog();
  /** Parties forgotten by a sweep while waiting for the flush's evaluation: their payments go after it. */
  let forgotten: Party[] = [];
  let clock = -Infinity;
  let nextSweep = -Infinity;
  let flushNumber = 0;
  let stamp = 0;
  let touched: Party[] = [];
  let yearStart = 0;
  let yearEnd = -1;
  let year = 0;
  const screener = {
    late: 0,
    push,
    flush,
    activeParties: () => senders.size + receivers.size,
    screens: (tx: FinanceTransaction) => ownFlags(tx) !== 0,
  };
  // What ownFlags found besides the flags, for push: no object per payment.
  let ownAmount = 0;
  let ownMinor = false;

  function yearOf(at: number): number {
    if (at < yearStart || at >= yearEnd) {
      year = new Date(at).getUTCFullYear();
      yearStart = Date.UTC(year, 0, 1);
      yearEnd = Date.UTC(year + 1, 0, 1);
    }
    return year;
  }

  function isSmall(tx: FinanceTransaction, amount: number): boolean {
    const band = bands.get(tx.currency);
    if (band) return tx.amount >= band.min && tx.amount <= band.max;
    const inBand = amount / baseBandRate;
    return inBand >= baseBand.min && inBand <= baseBand.max;
  }

  function isNight(tx: FinanceTransaction): boolean {
    const local = (((tx.at + tx.utcOffsetMinutes * 60_000) % DAY) + DAY) % DAY;
    const hour = Math.floor(local / HOUR);
    return fromHour > toHour ? hour >= fromHour || hour < toHour : hour >= fromHour && hour < toHour;
  }

  function touch(party: Party): void {
    if (party.touched === flushNumber) return;
    party.touched = flushNumber;
    touched.push(party);
  }

  function party(table: PartyTable, role: PartyRole, id: string, country: string, name?: string): Party {
    const hash = idHash(id);
    let found = table.get(id, hash);
    if (!found) {
      found = newParty(role, id, country, name);
      table.add(hash, found);
    }
    return found;
  }

  /** Forgets parties and pairs with nothing left in the window; runs every quarter window of stream time. */
  function sweep(): void {
    const since = clock - windowMs;
    const keep = (p: Party) => {
      if (p.lastAt >= since) {
        dropPairsBefore(p, since);
        return true;
      }
      if (p.touched === flushNumber) forgotten.push(p);
      else dropAll(log, p);
      return false;
    };
    senders.retain(keep);
    receivers.retain(keep);
    nextSweep = clock + windowMs / 4;
  }

  /**
   * SMALL and MINOR, from the payment alone; 0 for one screening passes by (domestic, a country missing, or
   * neither small nor from a minor). Leaves the amount in the base currency and the minor flag in ownAmount
   * and ownMinor.
   */
  function ownFlags(tx: FinanceTransaction): number {
    const senderCountry = tx.sender.country;
    const receiverCountry = tx.receiver.country;
    if (senderCountry === undefined || receiverCountry === undefined || senderCountry === receiverCountry)
      return 0;
    const amount = tx.amount * (rates.get(tx.currency) ?? NaN);
    let flags = isSmall(tx, amount) ? SMALL : 0;
    const birthYear = tx.sender.birthYear;
    const minor = birthYear !== undefined && yearOf(tx.at) - birthYear <= x1.maxAge;
    if (minor && amount <= x1.maxAmount) flags |= MINOR;
    ownAmount = amount;
    ownMinor = minor;
    return flags;
  }

  function push(tx: FinanceTransaction): void {
    const at = tx.at;
    if (at > clock) clock = at;
    else if (at < clock - windowMs) {
      screener.late++;
      return;
    }
    if (clock >= nextSweep) sweep();
    let flags = ownFlags(tx);
    if (!flags) return;
    const senderCountry = tx.sender.country!;
    const receiverCountry = tx.receiver.country!;
    const amount = ownAmount;
    const minor = ownMinor;
    const birthYear = tx.sender.birthYear;

    if (isNight(tx)) flags |= NIGHT;
    if (receiving.has(receiverCountry)) flags |= RISKY_RECEIVER;
    if (sending.has(senderCountry)) flags |= DEMAND_SENDER;
    const reference = tx.reference;
    let coverWord: string | undefined;
    if (reference) {
      coverWord = matchedWord(cover, reference);
      if (coverWord) flags |= COVER;
      if (business?.test(reference)) flags |= BUSINESS;
    }

    const sender = party(senders, 'sender', tx.sender.id, senderCountry, tx.sender.name);
    // A sender pays the same few receivers again and again: its pairs find the receiver without a lookup.
    // (A pair that a sweep keeps has a payment in the window, so the sweep kept its receiver too.)
    const receiverId = tx.receiver.id;
    let pair: Pair | undefined;
    for (const p of sender.pairs) if (p.receiver.id === receiverId) pair = p;
    const receiver = pair
      ? pair.receiver
      : party(receivers, 'receiver', receiverId, receiverCountry, tx.receiver.name);
    if (birthYear !== undefined) sender.minor = minor;
    if (options.knownParty) {
      const s = tx.sender;
      const r = tx.receiver;
      // Asked once: null until then (undefined is an answer).
      if (sender.known === null)
        sender.known = options.knownParty({
          role: 'sender',
          id: s.id,
          phone: s.phone,
          email: s.email,
          name: s.name,
          country: s.country,
        });
      if (receiver.known === null)
        receiver.known = options.knownParty({
          role: 'receiver',
          id: r.id,
          phone: r.phone,
          account: r.account,
          name: r.name,
          country: r.country,
        });
    }
    if (!pair) {
      pair = {
        sender,
        receiver,
        related: null,
        business: false,
        lastAt: at,
        stamp: 0,
        count: 0,
      } satisfies Pair;
      addPair(sender, pair);
      sender.pairCount++;
      receiver.pairCount++;
    }
    if (flags & BUSINESS) pair.business = true;
    if (at > pair.lastAt) pair.lastAt = at;

    const slot = log.add(
      at,
      amount,
      flags,
      channelWeights.get(tx.channel) ?? 0,
      tx.channel,
      coverWord,
      tx.transactionId,
      pair,
    );
    addEvent(log, sender, slot, config.maxEventsPerParty);
    addEvent(log, receiver, slot, config.maxEventsPerParty);
    sender.flagsSeen |= flags;
    receiver.flagsSeen |= flags;
    if (sender.known || receiver.known) sender.knownNear = receiver.knownNear = true;
    touch(sender);
    touch(receiver);
  }

  function flush(): ScreeningAlert[] {
    const since = clock - windowMs;
    const ctx: EvaluationContext = {
      config,
      log,
      since,
      nextStamp: () => ++stamp,
      fanOf(p) {
        if (p.fanFlush !== flushNumber) {
          prune(log, p, since);
          p.fan = countFan(log, p, since, ++stamp, config.business.minShare);
          p.fanFlush = flushNumber;
        }
        return p.fan;
      },
      knownOf: (p) => p.known ?? undefined,
      alertRule,
    };
    const fanMin = { sender: config.fanOut.minReceivers, receiver: config.fanIn.minSenders };
    // A party whose fan reaches or changes beyond F5/F6's minimum changes its counterparties' alerts too.
    const queue = touched;
    for (let i = 0, n = queue.length; i < n; i++) {
      const p = queue[i]!;
      // The fan cannot exceed the payments held, nor the pairs the party has been part of.
      if (p.count < fanMin[p.role] || p.pairCount < fanMin[p.role]) continue;
      const before = p.fan;
      const fan = ctx.fanOf(p);
      if (fan < fanMin[p.role] || fan === before) continue;
      for (let e = p.first; e >= 0; e = log.next[2 * e + p.side]!) {
        if (log.at[e]! < since) continue;
        const pair = log.pair[e]!;
        const counterpart = p.role === 'sender' ? pair.receiver : pair.sender;
        counterpart.partnerFanAt = clock;
        touch(counterpart);
      }
    }
    touched = [];
    const alerts: ScreeningAlert[] = [];
    for (const p of queue) {
      prune(log, p, since);
      const alert = mayAlert(p, ctx) ? evaluateParty(p, ctx) : undefined;
      if (!alert) {
        p.alertSignature = '';
        continue;
      }
      const signature = `${alert.score}|${alert.indicators.map((f) => f.detail).join('|')}|${alert.transactionIds.at(-1)}`;
      if (signature === p.alertSignature) continue;
      p.alertSignature = signature;
      alerts.push(alert);
    }
    for (const p of forgotten) dropAll(log, p);
    forgotten = [];
    flushNumber++;
    return alerts;
  }

  return screener;
}

import { RECEIVER_SIDE, SENDER_SIDE, type PaymentLog } from './payment-log.ts';
import { familyNames, shareFamilyName } from './references.ts';
import type { KnownParty, PartyRole } from './transaction.ts';

/** Bits of PaymentLog.flags: what was learnt about a payment when it was pushed. */
export const SMALL = 1; // small and cross-border: the unit most indicators count
export const MINOR = 2; // from a sender under the X1 age, cross-border, within the X1 amount
export const NIGHT = 4; // at night in the sender's local time
export const COVER = 8; // a cover-narrative reference
export const BUSINESS = 16; // a business reference
export const RISKY_RECEIVER = 32; // receiver in a high-risk receiving country (F2)
export const DEMAND_SENDER = 64; // sender in a demand country (F3)

/** One sender and one receiver: their link, and scratch counters reused by each evaluation. */
export interface Pair {
  sender: Party;
  receiver: Party;
  /** Shared family name: true, none: false, a name missing: undefined; null until first asked (see related). */
  related: boolean | undefined | null;
  /** A reference showed a business link. */
  business: boolean;
  lastAt: number;
  /** Evaluation scratch: the stamp of the evaluation that last counted this pair, and its counts then. */
  stamp: number;
  count: number;
}

/** A sender or a receiver with its payments in the window. */
export interface Party {
  role: PartyRole;
  /** Its links in the payment log (SENDER_SIDE or RECEIVER_SIDE). */
  side: number;
  id: string;
  country: string | undefined;
  /** Its payments in push order: the first and last slot of the payment log (-1 when none), and how many. */
  first: number;
  last: number;
  count: number;
  lastAt: number;
  /** Only senders: their pairs (most senders have one to three receivers, so a list beats a map). */
  pairs: Pair[];
  /** The name as first given, and its family-name words once worked out (null until then). */
  name: string | undefined;
  familyNames: string[] | undefined | null;
  /** Known in a referral or case (F11): how; null until asked. */
  known: KnownParty | undefined | null;
  /** The sender's birth year said they were under the X1 age: never the subject of an alert. */
  minor: boolean;
  /** Flush number in which this party was last pushed (or queued for evaluation). */
  touched: number;
  /** Distinct unrelated counterparties in the window (F5 for a receiver, F6 for a sender), as of flush `fanFlush`. */
  fan: number;
  fanFlush: number;
  /** Most of its payments carry business references (as of flush `fanFlush`): a shop or an employer. */
  business: boolean;
  /** Every flag of its payments so far, and whether it or a counterparty is known: the quick bound's inputs. */
  flagsSeen: number;
  knownNear: boolean;
  /** Pairs this party has been part of (never decreases): bounds its fan. */
  pairCount: number;
  /** When a counterparty's F5/F6 fan last reached the minimum while paying or being paid by this party. */
  partnerFanAt: number;
  /** What the last alert said, to report only new or changed ones. */
  alertSignature: string;
}

/** Whether a pair looks related by name, worked out when first needed (most pairs never need it). */
export function related(pair: Pair): boolean | undefined {
  if (pair.related === null) {
    const namesOf = (p: Party) =>
      p.familyNames === null ? (p.familyNames = familyNames(p.name)) : p.familyNames;
    pair.related = shareFamilyName(namesOf(pair.sender), namesOf(pair.receiver));
  }
  return pair.related;
}

/** No pairs yet (receivers never hold any): one shared list, never written; see addPair. */
const NO_PAIRS: Pair[] = [];

export function newParty(
  role: PartyRole,
  id: string,
  country: string | undefined,
  name: string | undefined,
): Party {
  return {
    role,
    side: role === 'sender' ? SENDER_SIDE : RECEIVER_SIDE,
    id,
    country,
    first: -1,
    last: -1,
    count: 0,
    lastAt: -Infinity,
    pairs: NO_PAIRS,
    name,
    familyNames: null,
    known: null,
    minor: false,
    touched: -1,
    fan: 0,
    fanFlush: -1,
    business: false,
    flagsSeen: 0,
    knownNear: false,
    pairCount: 0,
    partnerFanAt: -Infinity,
    alertSignature: '',
  };
}

/** Adds a sender's pair (its list is made at the first). */
export function addPair(sender: Party, pair: Pair): void {
  if (sender.pairs === NO_PAIRS) sender.pairs = [pair];
  else sender.pairs.push(pair);
}

/** Drops the pairs of a sender still in the window (`lastAt >= since`) with no payment since `since`, in place. */
export function dropPairsBefore(sender: Party, since: number): void {
  const pairs = sender.pairs;
  // A lone pair is the one the sender last paid through, so it is as recent as the sender (not read: a miss).
  if (pairs.length < 2) return;
  let kept = 0;
  for (const pair of pairs) if (pair.lastAt >= since) pairs[kept++] = pair;
  if (kept < pairs.length) pairs.length = kept;
}

/** Adds a payment (a slot of `log`), dropping the oldest beyond `max`. */
export function addEvent(log: PaymentLog, party: Party, slot: number, max: number): void {
  if (party.last < 0) party.first = slot;
  else log.next[2 * party.last + party.side] = slot;
  party.last = slot;
  if (++party.count > max) dropFirst(log, party);
  const at = log.at[slot]!;
  if (at > party.lastAt) party.lastAt = at;
}

/** Drops payments older than `since` from the front (pushes are in time order, give or take a little). */
export function prune(log: PaymentLog, party: Party, since: number): void {
  while (party.first >= 0 && log.at[party.first]! < since) dropFirst(log, party);
}

/** Lets go of all the party's payments: it is being forgotten. */
export function dropAll(log: PaymentLog, party: Party): void {
  while (party.first >= 0) dropFirst(log, party);
}

function dropFirst(log: PaymentLog, party: Party): void {
  const slot = party.first;
  party.first = log.next[2 * slot + party.side]!;
  if (party.first < 0) party.last = -1;
  party.count--;
  log.release(slot);
}

import { familyNames, shareFamilyName } from './references.ts';
import type { PartyRole } from './transaction.ts';

/** Bits of PaymentEvent.flags: what was learnt about a payment when it was pushed. */
export const SMALL = 1; // small and cross-border: the unit most indicators count
export const MINOR = 2; // from a sender under the X1 age, cross-border, within the X1 amount
export const NIGHT = 4; // at night in the sender's local time
export const COVER = 8; // a cover-narrative reference
export const BUSINESS = 16; // a business reference
export const RISKY_RECEIVER = 32; // receiver in a high-risk receiving country (F2)
export const DEMAND_SENDER = 64; // sender in a demand country (F3)

/** One screened payment, shared by the sender's and the receiver's windows. */
export interface PaymentEvent {
  at: number;
  /** In the base currency; NaN when the currency has no rate. */
  amount: number;
  flags: number;
  /** Risk weight of the channel (F10). */
  channelWeight: number;
  channel: string;
  /** The cover-narrative word the reference used. */
  cover: string | undefined;
  transactionId: string;
  pair: Pair;
}

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

/** A sender or a receiver with its payments in the window (oldest first, from `head`). */
export interface Party {
  role: PartyRole;
  id: string;
  country: string | undefined;
  events: PaymentEvent[];
  head: number;
  lastAt: number;
  /** Only senders: their pairs (most senders have one to three receivers, so a list beats a map). */
  pairs: Pair[];
  /** The name as first given, and its family-name words once worked out (null until then). */
  name: string | undefined;
  familyNames: string[] | undefined | null;
  /** Known in a referral or case (F11): the description; null until asked. */
  known: string | undefined | null;
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
/** A new party's payments until its first: most parties hold one, so that list is made to size. */
const NO_EVENTS: PaymentEvent[] = [];

export function newParty(
  role: PartyRole,
  id: string,
  country: string | undefined,
  name: string | undefined,
): Party {
  return {
    role,
    id,
    country,
    events: NO_EVENTS,
    head: 0,
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

/** Adds a payment, dropping the oldest beyond `max`; compacts the array once the dropped head is large. */
export function addEvent(party: Party, event: PaymentEvent, max: number): void {
  if (party.events === NO_EVENTS) party.events = [event];
  else party.events.push(event);
  if (party.events.length - party.head > max) party.head++;
  if (event.at > party.lastAt) party.lastAt = event.at;
  compact(party);
}

/** Drops payments older than `since` from the front (pushes are in time order, give or take a little). */
export function prune(party: Party, since: number): void {
  const events = party.events;
  let head = party.head;
  while (head < events.length && events[head]!.at < since) head++;
  party.head = head;
  compact(party);
}

function compact(party: Party): void {
  if (party.head >= 64 && party.head * 2 >= party.events.length) {
    party.events = party.events.slice(party.head);
    party.head = 0;
  }
}

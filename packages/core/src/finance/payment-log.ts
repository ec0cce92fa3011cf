import type { Pair } from './screening-state.ts';

/** Which of a payment's two windows a link belongs to. */
export const SENDER_SIDE = 0;
export const RECEIVER_SIDE = 1;

const INITIAL_SLOTS = 1024;

/**
 * The screened payments held in any window, in parallel arrays rather than one object each: most stay a
 * whole window, long enough for the garbage collector to copy them twice before sweeping them, and at ten
 * million payments that garbage collection was most of screening's time.
 *
 * A slot is shared by the sender's window and the receiver's, each chaining its payments in push order
 * through `next`, and is reused once both have let go of it.
 */
export class PaymentLog {
  at = new Float64Array(INITIAL_SLOTS);
  /** In the base currency; NaN when the currency has no rate. */
  amount = new Float64Array(INITIAL_SLOTS);
  /** Risk weight of the channel (F10). */
  channelWeight = new Float64Array(INITIAL_SLOTS);
  /** What was learnt about the payment when it was pushed (the bits in screening-state.ts). */
  flags = new Uint8Array(INITIAL_SLOTS);
  /** The next payment of the same window: the sender's at 2·slot, the receiver's at 2·slot + 1; -1 last. */
  next = new Int32Array(2 * INITIAL_SLOTS);
  /** Windows still holding the slot: 2, 1, or 0 when free. */
  private holders = new Uint8Array(INITIAL_SLOTS);
  channel: string[] = [];
  /** The cover-narrative word the reference used. */
  cover: (string | undefined)[] = [];
  transactionId: string[] = [];
  pair: (Pair | undefined)[] = [];
  private free: number[] = [];
  private used = 0;

  /** Stores a payment for both its windows; link it into each with `next`. */
  add(
    at: number,
    amount: number,
    flags: number,
    channelWeight: number,
    channel: string,
    cover: string | undefined,
    transactionId: string,
    pair: Pair,
  ): number {
    const slot = this.free.length ? this.free.pop()! : this.used++;
    if (slot === this.at.length) this.grow();
    this.at[slot] = at;
    this.amount[slot] = amount;
    this.flags[slot] = flags;
    this.channelWeight[slot] = channelWeight;
    this.next[2 * slot] = this.next[2 * slot + 1] = -1;
    this.holders[slot] = 2;
    this.channel[slot] = channel;
    this.cover[slot] = cover;
    this.transactionId[slot] = transactionId;
    this.pair[slot] = pair;
    return slot;
  }

  /** One window lets go of the slot; the second frees it (and what it refers to, for the collector). */
  release(slot: number): void {
    if (--this.holders[slot]! > 0) return;
    this.cover[slot] = undefined;
    this.pair[slot] = undefined;
    this.free.push(slot);
  }

  private grow(): void {
    this.at = doubled(this.at);
    this.amount = doubled(this.amount);
    this.channelWeight = doubled(this.channelWeight);
    this.flags = doubled(this.flags);
    this.next = doubled(this.next);
    this.holders = doubled(this.holders);
  }
}

function doubled<T extends Float64Array | Uint8Array | Int32Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

import type { FinanceTransaction } from '../transaction.ts';
import { GeneratorContext, type PaymentStream } from './context.ts';
import { FAMILY_RATE, familyStream, PAYROLL_RATE, payrollStream, SHOP_RATE, shopStream } from './ordinary.ts';
import { PLANTED_PATTERNS, plantedScript, type PlantedParty } from './planted.ts';

export interface GenerateOptions {
  seed: number;
  rows: number;
  /** Epoch ms of the first day (default 1 January 2026, UTC). */
  start?: number;
  /** Called with each planted party at its first payment (the labels, as they become true). */
  onLabel?: (label: PlantedParty) => void;
}

/** Shares of the rows by kind of stream (the planted ones come on top, about 1 %). */
const SHARES = { family: 0.55, domesticShops: 0.25, shopsAbroad: 0.08, payroll: 0.09, payrollAbroad: 0.03 };
/** Rows per planted group of parties. */
const ROWS_PER_GROUP = 8000;

/** Streams ordered by their next payment's time (a binary min-heap). */
class StreamHeap {
  private readonly items: PaymentStream[] = [];

  push(stream: PaymentStream): void {
    const items = this.items;
    items.push(stream);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.at <= stream.at) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = stream;
  }

  peek(): PaymentStream | undefined {
    return this.items[0];
  }

  /** Restores the order after the first stream's time moved on. */
  siftDown(): void {
    const items = this.items;
    const top = items[0]!;
    const n = items.length;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && items[child + 1]!.at < items[child]!.at) child++;
      if (items[child]!.at >= top.at) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = top;
  }
}

/**
 * A seeded, realistic stream of `rows` payments in time order, in the default layout's shape: family
 * remittances, shop purchases at home and from abroad, payroll, and planted offender, facilitator and
 * extorter patterns (see planted.ts). Nothing but the streams' small state is held, whatever `rows` is.
 * Returns the labels of the planted parties that made a payment; `onLabel` gets them as they come.
 */
export function* generateTransactions(
  options: GenerateOptions,
): Generator<FinanceTransaction, PlantedParty[], undefined> {
  const { seed, rows } = options;
  // Long enough for windows to fill and slide; a year at most.
  const days = Math.min(365, Math.max(60, Math.ceil(rows / 3000)));
  const g = new GeneratorContext(seed, options.start ?? Date.UTC(2026, 0, 1), days);
  const labels: PlantedParty[] = [];
  const onLabel = (label: PlantedParty) => {
    labels.push(label);
    options.onLabel?.(label);
  };
  const heap = new StreamHeap();
  const streams = (share: number, perDay: number) =>
    Math.max(1, Math.round((share * rows) / (perDay * days)));

  const familyPerDay =
    0.7 * FAMILY_RATE.monthly + 0.25 * FAMILY_RATE['twice-monthly'] + 0.05 * FAMILY_RATE.weekly;
  for (let i = streams(SHARES.family, familyPerDay); i > 0; i--) heap.push(familyStream(g));
  for (let i = streams(SHARES.domesticShops, SHOP_RATE.domestic); i > 0; i--) heap.push(shopStream(g, false));
  for (let i = streams(SHARES.shopsAbroad, SHOP_RATE.abroad); i > 0; i--) heap.push(shopStream(g, true));
  for (let i = streams(SHARES.payroll, PAYROLL_RATE); i > 0; i--) heap.push(payrollStream(g, false));
  for (let i = streams(SHARES.payrollAbroad, PAYROLL_RATE); i > 0; i--) heap.push(payrollStream(g, true));

  // Planted groups start early enough to finish before the rows run out.
  const groups = Math.max(PLANTED_PATTERNS.length, Math.round(rows / ROWS_PER_GROUP));
  const lastStart = Math.max(2, Math.floor(days * 0.8) - 45);
  for (let i = 0; i < groups; i++) {
    const pattern = PLANTED_PATTERNS[i % PLANTED_PATTERNS.length]!;
    const { stream, facilitators } = plantedScript(g, pattern, g.random.int(1, lastStart), onLabel);
    heap.push(stream);
    // Facilitators are ordinary people too: half of them also get family support from abroad.
    for (const f of facilitators)
      if (f.country === 'PH' && g.random.chance(0.5)) heap.push(familyStream(g, f));
  }

  for (let emitted = 0; emitted < rows; emitted++) {
    const stream = heap.peek();
    if (!stream || stream.at === Infinity) break;
    const tx = stream.emit(g);
    heap.siftDown();
    yield tx;
  }
  return labels;
}

import { describe, expect, it } from 'vitest';
import type { FinanceTransaction, IndicatorId, ScreenerOptions, ScreeningConfig } from '../src/index.ts';
import { configWith, payment, payments, screen, SEE_ALL } from './finance-fixtures.ts';

interface Row {
  name: string;
  txs: FinanceTransaction[];
  /** "sender:S1" or "receiver:R1". */
  party: string;
  indicator: IndicatorId;
  fires: boolean;
  /** What the plain-words detail must say, when it fires. */
  detail?: RegExp;
  config?: ScreeningConfig;
  options?: ScreenerOptions;
}

const unrelated = (i: number) => ({ sender: { id: `S${i + 1}`, name: `Sam Person${i}` } });
const known: ScreenerOptions = {
  knownParty: (p) =>
    p.id === 'R1' || p.phone === '+639171234567' ? { detail: 'referral 2026-0042', weak: false } : undefined,
};

const ROWS: Row[] = [
  // F1: small cross-border payments, in each currency's own band or in the base band
  {
    name: 'F1: two payments of USD 50 to the Philippines',
    txs: payments(2),
    party: 'receiver:R1',
    indicator: 'F1',
    fires: true,
    detail: /^2 small cross-border payments of USD 50 from 1 senders in US within 30 days$/,
  },
  {
    name: 'F1: amounts from the smallest to the largest',
    txs: payments(3, (i) => ({ amount: [15, 60, 30][i] })),
    party: 'sender:S1',
    indicator: 'F1',
    fires: true,
    detail: /3 small cross-border payments of USD 15–60 to 1 receivers in PH/,
  },
  {
    name: 'F1: USD 500 is not small',
    txs: payments(3, () => ({ amount: 500 })),
    party: 'receiver:R1',
    indicator: 'F1',
    fires: false,
  },
  {
    name: 'F1: AUD 450 is small (AUSTRAC band)',
    txs: payments(2, () => ({ amount: 450, currency: 'AUD', sender: { country: 'AU' } })),
    party: 'receiver:R1',
    indicator: 'F1',
    fires: true,
  },
  {
    name: 'F1: PHP 5,000 from abroad is small (AMLC band)',
    txs: payments(2, () => ({ amount: 5000, currency: 'PHP' })),
    party: 'receiver:R1',
    indicator: 'F1',
    fires: true,
  },
  {
    name: 'F1: GBP 100 converts into the base band',
    txs: payments(2, () => ({ amount: 100, currency: 'GBP', sender: { country: 'GB' } })),
    party: 'receiver:R1',
    indicator: 'F1',
    fires: true,
    detail: /USD 127/,
  },
  {
    name: 'F1: a domestic payment is not screened',
    txs: payments(3, () => ({ sender: { country: 'PH' } })),
    party: 'receiver:R1',
    indicator: 'F1',
    fires: false,
  },
  {
    name: 'F1: a currency without a rate is not small',
    txs: payments(3, () => ({ currency: 'XYZ' })),
    party: 'receiver:R1',
    indicator: 'F1',
    fires: false,
  },
  {
    name: 'F1: one payment is not enough',
    txs: payments(1).concat(payment({ day: 1, amount: 900 })),
    party: 'receiver:R1',
    indicator: 'F1',
    fires: false,
  },
  // F2: receiving country
  {
    name: 'F2: the Philippines is a high-risk receiving country',
    txs: payments(2),
    party: 'sender:S1',
    indicator: 'F2',
    fires: true,
    detail: /into high-risk receiving countries \(PH\)/,
  },
  {
    name: 'F2: Germany is not',
    txs: payments(2, () => ({ receiver: { country: 'DE' } })),
    party: 'sender:S1',
    indicator: 'F2',
    fires: false,
  },
  // F3: sending country
  {
    name: 'F3: the US is a demand country',
    txs: payments(2),
    party: 'receiver:R1',
    indicator: 'F3',
    fires: true,
    detail: /from senders in demand countries \(US\)/,
  },
  {
    name: 'F3: Brazil is not',
    txs: payments(2, () => ({ sender: { country: 'BR' } })),
    party: 'receiver:R1',
    indicator: 'F3',
    fires: false,
  },
  // F4: frequency and escalation per pair
  {
    name: 'F4: eight payments in a window',
    txs: payments(8),
    party: 'sender:S1',
    indicator: 'F4',
    fires: true,
    detail: /^8 payments to R1 within 30 days$/,
  },
  {
    name: 'F4: six payments growing in size',
    txs: payments(6, (i) => ({ amount: [20, 25, 22, 60, 80, 55][i] })),
    party: 'receiver:R1',
    indicator: 'F4',
    fires: true,
    detail: /growing from USD 22 to USD 60 \(medians\)$/,
  },
  {
    name: 'F4: seven payments coming faster',
    txs: [0, 7, 14, 21, 22, 23, 24].map((day) => payment({ day })),
    party: 'receiver:R1',
    indicator: 'F4',
    fires: true,
    detail: /more often/,
  },
  { name: 'F4: seven flat payments', txs: payments(7), party: 'receiver:R1', indicator: 'F4', fires: false },
  {
    name: 'F4: eight payments spread beyond the window',
    txs: payments(8, (i) => ({ day: i * 12 })),
    party: 'receiver:R1',
    indicator: 'F4',
    fires: false,
  },
  // F5: many senders to one receiver
  {
    name: 'F5: three unrelated foreign senders',
    txs: payments(3, unrelated),
    party: 'receiver:R1',
    indicator: 'F5',
    fires: true,
    detail: /from 3 unrelated foreign senders/,
  },
  {
    name: 'F5: a sender of such a receiver',
    txs: payments(3, unrelated),
    party: 'sender:S2',
    indicator: 'F5',
    fires: true,
    detail: /^pays R1, who received payments from 3 unrelated foreign senders/,
  },
  {
    name: 'F5: two senders are not enough',
    txs: payments(2, unrelated),
    party: 'receiver:R1',
    indicator: 'F5',
    fires: false,
  },
  {
    name: 'F5: relatives are not counted',
    txs: payments(3, (i) => ({ sender: { id: `S${i}`, name: `Ana${i} Santos` } })),
    party: 'receiver:R1',
    indicator: 'F5',
    fires: false,
  },
  {
    name: 'F5: a shop (most payments with order references) is a business account, not a fan-in',
    txs: payments(9, (i) => ({
      reference: i < 6 ? `order ${i}` : undefined,
      sender: { id: `S${i + 1}`, name: `Sam Person${i}` },
    })),
    party: 'receiver:R1',
    indicator: 'F5',
    fires: false,
  },
  // F6: one sender to many receivers
  {
    name: 'F6: three unrelated receivers',
    txs: payments(3, (i) => ({ receiver: { id: `R${i + 1}`, name: `Joy Person${i}` } })),
    party: 'sender:S1',
    indicator: 'F6',
    fires: true,
    detail: /to 3 unrelated receivers abroad/,
  },
  {
    name: 'F6: a receiver of such a sender',
    txs: payments(3, (i) => ({ receiver: { id: `R${i + 1}`, name: `Joy Person${i}` } })),
    party: 'receiver:R2',
    indicator: 'F6',
    fires: true,
    detail: /^paid by S1, who paid 3 unrelated receivers abroad/,
  },
  {
    name: 'F6: business references are not counted',
    txs: payments(3, (i) => ({
      reference: `Invoice ${i}`,
      receiver: { id: `R${i + 1}`, name: `Joy Person${i}` },
    })),
    party: 'sender:S1',
    indicator: 'F6',
    fires: false,
  },
  // F7: no family or business link
  {
    name: 'F7: no shared family name',
    txs: payments(2),
    party: 'receiver:R1',
    indicator: 'F7',
    fires: true,
    detail: /no family or business link with 1 sender/,
  },
  {
    name: 'F7: a shared family name (the mother\u2019s counts too)',
    txs: payments(2, () => ({ sender: { name: 'Jun Reyes Santos' } })),
    party: 'receiver:R1',
    indicator: 'F7',
    fires: false,
  },
  {
    name: 'F7: a business reference',
    txs: payments(2, () => ({ reference: 'order 1193' })),
    party: 'receiver:R1',
    indicator: 'F7',
    fires: false,
  },
  {
    name: 'F7: a missing name says nothing',
    txs: payments(2, () => ({ sender: { name: undefined } })),
    party: 'receiver:R1',
    indicator: 'F7',
    fires: false,
  },
  // F8: night in the sender's local time
  {
    name: 'F8: at 02:00 in New York',
    txs: payments(5, (i) => ({ localHour: i < 3 ? 2 : 14 })),
    party: 'sender:S1',
    indicator: 'F8',
    fires: true,
    detail: /^3 of 5 payments between 22:00 and 06:00/,
  },
  {
    name: 'F8: in the afternoon',
    txs: payments(3, () => ({ localHour: 14 })),
    party: 'sender:S1',
    indicator: 'F8',
    fires: false,
  },
  {
    name: 'F8: the sender\u2019s offset decides (23:00 in Sydney)',
    txs: payments(3, () => ({ localHour: 23, offset: 660, sender: { country: 'AU' } })),
    party: 'receiver:R1',
    indicator: 'F8',
    fires: true,
  },
  {
    name: 'F8: a minority of night payments',
    txs: payments(5, (i) => ({ localHour: i < 2 ? 1 : 12 })),
    party: 'sender:S1',
    indicator: 'F8',
    fires: false,
  },
  // F9: cover narratives, English and Filipino, and social-media handles
  {
    name: 'F9: "School Fees" in any case',
    txs: payments(2, (i) => ({ reference: i ? 'School Fees June' : undefined })),
    party: 'receiver:R1',
    indicator: 'F9',
    fires: true,
    detail: /cover narratives in 1 of 2 references \("school fees"\)/,
  },
  {
    name: 'F9: "pang-tuition"',
    txs: payments(2, () => ({ reference: 'pang-tuition ni bunso' })),
    party: 'receiver:R1',
    indicator: 'F9',
    fires: true,
    detail: /"pang-tuition"/,
  },
  {
    name: 'F9: a social-media handle',
    txs: payments(2, () => ({ reference: 'for @sunny.day22' })),
    party: 'receiver:R1',
    indicator: 'F9',
    fires: true,
    detail: /a social-media handle/,
  },
  {
    name: 'F9: a word inside another word does not count',
    txs: payments(2, () => ({ reference: 'giftshop refund' })),
    party: 'receiver:R1',
    indicator: 'F9',
    fires: false,
  },
  {
    name: 'F9: the list is editable',
    txs: payments(2, () => ({ reference: 'rent' })),
    party: 'receiver:R1',
    indicator: 'F9',
    fires: true,
    config: configWith((c) => {
      c.alert.threshold = 1;
      c.coverNarrative.keywords.push('rent');
    }),
  },
  // F10: channel
  {
    name: 'F10: e-wallets',
    txs: payments(2, () => ({ channel: 'ewallet' })),
    party: 'receiver:R1',
    indicator: 'F10',
    fires: true,
    detail: /^2 of 2 payments through ewallet$/,
  },
  {
    name: 'F10: bank transfers',
    txs: payments(2, () => ({ channel: 'bank' })),
    party: 'receiver:R1',
    indicator: 'F10',
    fires: false,
  },
  // F11: known counterparty
  {
    name: 'F11: the receiver is in a referral',
    txs: payments(2),
    party: 'receiver:R1',
    indicator: 'F11',
    fires: true,
    options: known,
    detail: /^already known: referral 2026-0042$/,
  },
  {
    name: 'F11: the sender pays a known receiver',
    txs: payments(2),
    party: 'sender:S1',
    indicator: 'F11',
    fires: true,
    options: known,
    detail: /^pays R1, already known/,
  },
  {
    name: 'F11: matched by phone',
    txs: payments(2, () => ({ receiver: { id: 'R9', phone: '+639171234567' } })),
    party: 'receiver:R9',
    indicator: 'F11',
    fires: true,
    options: known,
  },
  { name: 'F11: nobody known', txs: payments(2), party: 'receiver:R1', indicator: 'F11', fires: false },
  // X1: sextortion, the reverse flow
  {
    name: 'X1: a 16-year-old pays twice in a day',
    txs: payments(2, (i) => ({
      day: i / 4,
      amount: 300,
      channel: 'p2p',
      sender: { birthYear: 2010 },
      receiver: { country: 'NG', name: 'Kim Doe' },
    })),
    party: 'receiver:R1',
    indicator: 'X1',
    fires: true,
    detail:
      /^2 payments totalling USD 600 from 1 sender under 18 in US, up to 2 within 0.3 days, into NG, a common extortion destination$/,
  },
  {
    name: 'X1: two young senders, days apart',
    txs: [
      payment({ amount: 250, sender: { id: 'S1', birthYear: 2011 } }),
      payment({ day: 9, amount: 250, sender: { id: 'S2', name: 'Lee Moss', birthYear: 2009 } }),
    ],
    party: 'receiver:R1',
    indicator: 'X1',
    fires: true,
  },
  {
    name: 'X1: an adult sender',
    txs: payments(2, (i) => ({ day: i / 4, amount: 300, sender: { birthYear: 1990 } })),
    party: 'receiver:R1',
    indicator: 'X1',
    fires: false,
  },
  {
    name: 'X1: one young sender, ten days apart',
    txs: payments(2, (i) => ({ day: i * 10, amount: 300, sender: { birthYear: 2010 } })),
    party: 'receiver:R1',
    indicator: 'X1',
    fires: false,
  },
  {
    name: 'X1: a young sender paying family',
    txs: payments(2, (i) => ({ day: i / 4, amount: 300, sender: { birthYear: 2010, name: 'Alex Santos' } })),
    party: 'receiver:R1',
    indicator: 'X1',
    fires: false,
  },
  {
    name: 'X1: a young sender buying online',
    txs: payments(2, (i) => ({
      day: i / 4,
      amount: 40,
      reference: `order ${i}`,
      sender: { birthYear: 2010 },
    })),
    party: 'receiver:R1',
    indicator: 'X1',
    fires: false,
  },
];

describe('screening indicators', () => {
  it.each(ROWS)('$name', ({ txs, party, indicator, fires, detail, config, options }) => {
    const alert = screen(txs, config ?? SEE_ALL, options).get(party);
    const found = alert?.indicators.find((f) => f.id === indicator);
    if (!fires) {
      expect(found).toBeUndefined();
      return;
    }
    expect(found, `${indicator} on ${party}; fired: ${JSON.stringify(alert?.indicators)}`).toBeDefined();
    if (detail) expect(found!.detail).toMatch(detail);
    // The payments that made it fire are named, and only screened ones.
    expect(alert!.transactionIds.length).toBeGreaterThan(0);
    const ids = new Set(txs.map((t) => t.transactionId));
    for (const id of alert!.transactionIds) expect(ids.has(id)).toBe(true);
  });

  it('never makes a young sender the subject of an alert', () => {
    const txs = payments(4, (i) => ({ day: i / 4, amount: 300, sender: { birthYear: 2010 }, localHour: 23 }));
    const alerts = screen(txs);
    expect(alerts.get('sender:S1')).toBeUndefined();
    expect(alerts.get('receiver:R1')).toMatchObject({ typology: 'sextortion' });
  });
});

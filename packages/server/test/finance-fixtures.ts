import { DEFAULT_TRANSACTION_COLUMNS } from '@sinag/core';

export type Row = Partial<Record<(typeof DEFAULT_TRANSACTION_COLUMNS)[number], string>>;

export const FACILITATOR = { id: 'R-FAC-1', phone: '+639171234567', name: 'Maria Santos' };

const SENDERS = [
  { id: 'S-US-1', name: 'John Miller', country: 'US', offset: '-05:00', currency: 'USD', amount: 30 },
  { id: 'S-AU-1', name: 'Peter Brown', country: 'AU', offset: '+10:00', currency: 'AUD', amount: 45 },
  { id: 'S-GB-1', name: 'David Clark', country: 'GB', offset: '+00:00', currency: 'GBP', amount: 25 },
  { id: 'S-CA-1', name: 'Mark Wilson', country: 'CA', offset: '-05:00', currency: 'CAD', amount: 40 },
];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A planted livestream pattern: four unrelated foreign senders each pay one Philippine receiver small,
 * growing amounts late at night in their own time, by remittance, with cover-narrative references; plus
 * ordinary family support between relatives in the daytime, which must raise nothing.
 */
export function plantedRows(): Row[] {
  const rows: Row[] = [];
  SENDERS.forEach((s, k) => {
    for (let i = 0; i < 6; i++) {
      const day = 1 + i * 3 + k;
      rows.push({
        transaction_id: `P-${s.id}-${i}`,
        timestamp: `2026-03-${pad(day)}T23:${pad(10 + k)}:00${s.offset}`,
        amount: String(s.amount + i * 8),
        currency: s.currency,
        channel: 'remittance',
        reference: i % 2 ? 'school fees' : 'gift',
        sender_id: s.id,
        sender_name: s.name,
        sender_country: s.country,
        sender_birth_year: '1968',
        sender_sex: 'M',
        receiver_id: FACILITATOR.id,
        receiver_name: FACILITATOR.name,
        receiver_country: 'PH',
        receiver_phone: FACILITATOR.phone,
        receiver_account: 'GCASH-09171234567',
      });
    }
  });
  for (let m = 0; m < 3; m++)
    rows.push({
      transaction_id: `F-${m}`,
      timestamp: `2026-0${m + 1}-05T10:00:00.250-08:00`,
      amount: '500',
      currency: 'USD',
      channel: 'bank',
      reference: 'rent',
      sender_id: 'S-FAM-1',
      sender_name: 'Ana Reyes',
      sender_country: 'US',
      receiver_id: 'R-FAM-1',
      receiver_name: 'Jose Reyes',
      receiver_country: 'PH',
    });
  return rows.sort((a, b) => Date.parse(a.timestamp!) - Date.parse(b.timestamp!));
}

const cell = (v: string | undefined) => (v && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : (v ?? ''));

export function toCsv(rows: Row[]): string {
  return [
    DEFAULT_TRANSACTION_COLUMNS.join(','),
    ...rows.map((r) => DEFAULT_TRANSACTION_COLUMNS.map((c) => cell(r[c])).join(',')),
  ].join('\n');
}

export const toNdjson = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Another layout (a bank's export) and the column mapping that reads it. */
export const OTHER_LAYOUT = {
  mapping: {
    columns: {
      transaction_id: 'Ref',
      timestamp: 'When',
      amount: 'Amt',
      currency: 'Ccy',
      sender_id: 'From',
      receiver_id: 'To',
    },
    constants: { channel: 'ewallet' },
    timestamp: { format: 'local', utcOffset: '+08:00' },
  },
  /** One good row (line 2) and one with a bad amount (line 3). */
  csv: 'Ref,When,Amt,Ccy,From,To\nM-1,2026-03-01 21:00:00,500,PHP,A,B\nM-2,2026-03-01 21:00:00,x,PHP,A,B\n',
};

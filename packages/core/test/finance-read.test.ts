import { describe, expect, it } from 'vitest';
import {
  ColumnMapping,
  DEFAULT_TRANSACTION_COLUMNS,
  readTransactions,
  TransactionFileError,
  type ColumnMappingInput,
  type FinanceTransaction,
  type RejectedRow,
  type TransactionFileFormat,
} from '../src/index.ts';

const HEADER = DEFAULT_TRANSACTION_COLUMNS.join(',');
const GOOD: Record<string, string> = {
  transaction_id: 'T1',
  timestamp: '2026-03-01T21:15:00+08:00',
  amount: '25.50',
  currency: 'usd',
  channel: 'Remittance',
  reference: 'school fees',
  sender_id: 'S1',
  sender_name: 'J. Doe',
  sender_country: 'us',
  sender_phone: '(202) 555-0143',
  sender_email: ' J.Doe@Example.COM ',
  sender_birth_year: '1971',
  sender_sex: 'm',
  receiver_id: 'R1',
  receiver_name: 'A. Cruz',
  receiver_country: 'PH',
  receiver_phone: '0917 123 4567',
  receiver_account: 'GCASH-0917',
};
const csvLine = (row: Record<string, string>) =>
  DEFAULT_TRANSACTION_COLUMNS.map((c) => (row[c]?.includes(',') ? `"${row[c]}"` : (row[c] ?? ''))).join(',');

async function* chunked(data: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < data.length; i += size) yield data.slice(i, i + size);
}

async function read(format: TransactionFileFormat, data: string, mapping?: ColumnMappingInput) {
  const out = {
    transactions: [] as FinanceTransaction[],
    rejected: [] as RejectedRow[],
    rows: 0,
    batches: 0,
  };
  const options = { format, batchSize: 2, ...(mapping ? { mapping: ColumnMapping.parse(mapping) } : {}) };
  for await (const batch of readTransactions(chunked(data, 7), options)) {
    out.transactions.push(...batch.transactions);
    out.rejected.push(...batch.rejected);
    out.rows = batch.rows;
    out.batches++;
  }
  return out;
}

describe('one row of the default layout', () => {
  it('reads every field, normalising phones, emails, codes and the time', async () => {
    const { transactions, rejected } = await read('csv', `${HEADER}\n${csvLine(GOOD)}\n`);
    expect(rejected).toEqual([]);
    expect(transactions).toEqual([
      {
        transactionId: 'T1',
        at: Date.UTC(2026, 2, 1, 13, 15),
        utcOffsetMinutes: 480,
        amount: 25.5,
        currency: 'USD',
        channel: 'remittance',
        reference: 'school fees',
        sender: {
          id: 'S1',
          name: 'J. Doe',
          country: 'US',
          phone: '+12025550143',
          email: 'j.doe@example.com',
          birthYear: 1971,
          sex: 'M',
        },
        receiver: { id: 'R1', name: 'A. Cruz', country: 'PH', phone: '+639171234567', account: 'GCASH-0917' },
      },
    ]);
  });

  it('leaves empty optional fields out', async () => {
    const minimal = Object.fromEntries(
      ['transaction_id', 'timestamp', 'amount', 'currency', 'channel', 'sender_id', 'receiver_id'].map(
        (c) => [c, GOOD[c]!],
      ),
    );
    const { transactions } = await read('csv', `${HEADER}\n${csvLine(minimal)}\n`);
    expect(transactions[0]!.sender).toEqual({ id: 'S1' });
    expect(transactions[0]!.receiver).toEqual({ id: 'R1' });
    expect('reference' in transactions[0]!).toBe(false);
  });

  it('takes a crypto asset as the currency of a crypto payment', async () => {
    const { transactions } = await read(
      'csv',
      `${HEADER}\n${csvLine({ ...GOOD, channel: 'crypto', currency: 'usdt' })}\n`,
    );
    expect(transactions[0]).toMatchObject({ channel: 'crypto', currency: 'USDT' });
  });

  it.each([
    ['timestamp', '2026-03-01T21:15:00-05:30', Date.UTC(2026, 2, 2, 2, 45), -330],
    ['timestamp', '2026-03-01 21:15Z', Date.UTC(2026, 2, 1, 21, 15), 0],
    ['timestamp', '2026-03-01T21:15:00.250+0800', Date.UTC(2026, 2, 1, 13, 15, 0, 250), 480],
    ['timestamp', '2028-02-29T23:59:59+00:00', Date.UTC(2028, 1, 29, 23, 59, 59), 0],
  ])('%s %s', async (column, value, at, offset) => {
    const { transactions } = await read('csv', `${HEADER}\n${csvLine({ ...GOOD, [column]: value })}\n`);
    expect(transactions[0]).toMatchObject({ at, utcOffsetMinutes: offset });
  });
});

it('reads the usual form of a time by position as the general form reads it, every day, hour and offset', async () => {
  // 2026-03-01T21:15:00+08:00 and …Z are read by position; with milliseconds (.000) the same time takes the
  // regular expression. Both must give what Date.parse gives, across leap days, month ends and offsets.
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
  const rows: { usual: string; general: string; at: number; offset: number }[] = [];
  const offsets = [-720, -570, -330, -0, 0, 345, 480, 525, 840];
  for (let i = 0; i < 400; i++) {
    const at = Date.UTC(1999, 11, 31) + i * 7_919_999_000; // every ~92 days, at a different second
    const offset = offsets[i % offsets.length]!;
    const local = new Date(at + offset * 60_000);
    const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
    const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
    const zone =
      i % 5 === 0 && offset === 0
        ? 'Z'
        : `${offset < 0 || Object.is(offset, -0) ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
    rows.push({ usual: `${date}T${time}${zone}`, general: `${date}T${time}.000${zone}`, at, offset });
  }
  const data = [
    HEADER,
    ...rows.flatMap((r, i) => [
      csvLine({ ...GOOD, transaction_id: `U${i}`, timestamp: r.usual }),
      csvLine({ ...GOOD, transaction_id: `G${i}`, timestamp: r.general }),
    ]),
  ].join('\n');
  const { transactions, rejected } = await read('csv', `${data}\n`);
  expect(rejected).toEqual([]);
  rows.forEach((r, i) => {
    const [usual, general] = [transactions[2 * i]!, transactions[2 * i + 1]!];
    expect(usual.at).toBe(r.at);
    expect(usual.at).toBe(Date.parse(r.usual));
    expect(Math.abs(usual.utcOffsetMinutes)).toBe(Math.abs(r.offset));
    expect(general).toMatchObject({ at: usual.at, utcOffsetMinutes: usual.utcOffsetMinutes });
  });
});

describe('bad rows name the column and the line', () => {
  it.each([
    ['transaction_id', '', 'transaction_id: is required'],
    ['timestamp', '2026-03-01T21:15:00', 'timestamp: must be ISO 8601 with a UTC offset'],
    ['timestamp', '2026-02-30T10:00:00+08:00', 'timestamp: is not a real date and time'],
    ['timestamp', '2026-02-29T10:00:00+08:00', 'timestamp: is not a real date and time'],
    ['timestamp', '2026-04-31T10:00:00+08:00', 'timestamp: is not a real date and time'],
    ['timestamp', '2026-13-01T10:00:00+08:00', 'timestamp: is not a real date and time'],
    ['timestamp', '2026-00-10T10:00:00+08:00', 'timestamp: is not a real date and time'],
    ['timestamp', '2026-03-01T24:00:00+08:00', 'timestamp: is not a real date and time'],
    ['timestamp', '2026-03-01T10:00:00+15:00', 'timestamp: has an impossible UTC offset'],
    ['timestamp', 'yesterday', 'timestamp: must be ISO 8601'],
    ['amount', '0', 'amount: must be a number greater than 0'],
    ['amount', '-5', 'amount: must be a number greater than 0'],
    ['amount', 'ten', 'amount: must be a number greater than 0'],
    ['currency', 'XYZ', 'currency: must be an ISO 4217 currency code'],
    ['currency', 'USDT', 'currency: must be an ISO 4217 currency code'],
    ['channel', 'cash', 'channel: must be one of remittance, bank, ewallet, p2p, card, crypto'],
    ['sender_country', 'USA', 'sender_country: must be an ISO 3166-1 alpha-2 country code'],
    ['sender_phone', '12', 'sender_phone: not a possible phone number for country US'],
    ['sender_email', 'not-an-email', 'sender_email: not a valid email address'],
    ['sender_birth_year', '1850', 'sender_birth_year: must be a year between 1900 and this year'],
    ['sender_sex', 'male', 'sender_sex: must be F, M or X'],
    ['receiver_id', ' ', 'receiver_id: is required'],
  ])('%s = "%s"', async (column, value, reason) => {
    const data = `${HEADER}\n${csvLine(GOOD)}\n${csvLine({ ...GOOD, transaction_id: 'T2', [column]: value })}\n`;
    const { transactions, rejected, rows } = await read('csv', data);
    expect(transactions.map((t) => t.transactionId)).toEqual(['T1']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.line).toBe(3);
    expect(rejected[0]!.reason.startsWith(reason)).toBe(true);
    expect(rows).toBe(2);
  });

  it('reports a row with the wrong number of columns, and keeps reading', async () => {
    const data = `${HEADER}\nT9,2026\n${csvLine(GOOD)}\n`;
    const { transactions, rejected } = await read('csv', data);
    expect(rejected).toEqual([
      { line: 2, reason: `has 2 columns, the header has ${DEFAULT_TRANSACTION_COLUMNS.length}` },
    ]);
    expect(transactions).toHaveLength(1);
  });

  it('reads quoted fields (delimiters, quotes, line breaks) and reports a quote never closed', async () => {
    const withQuotes = DEFAULT_TRANSACTION_COLUMNS.map((c) =>
      c === 'reference' ? '"gift, for ""school"""' : c === 'transaction_id' ? 'Q1' : (GOOD[c] ?? ''),
    ).join(',');
    const multiLine = csvLine({ ...GOOD, transaction_id: 'Q2' }).replace(',school fees,', ',"school\nfees",');
    const data = `${HEADER}\n${withQuotes}\n${multiLine}\n${csvLine({ ...GOOD, transaction_id: 'Q3' })}\nT9,"open\n`;
    const { transactions, rejected } = await read('csv', data);
    expect(transactions.map((t) => [t.transactionId, t.reference])).toEqual([
      ['Q1', 'gift, for "school"'],
      ['Q2', 'school\nfees'],
      ['Q3', 'school fees'],
    ]);
    expect(rejected).toEqual([{ line: 6, reason: 'not valid CSV: a quoted field is never closed' }]);
  });

  it('refuses a file whose header lacks a required column', async () => {
    await expect(read('csv', `id,when,amount\n1,2,3\n`)).rejects.toThrow(TransactionFileError);
    await expect(read('csv', `id,when,amount\n1,2,3\n`)).rejects.toThrow(/no column "transaction_id"/);
  });
});

describe('JSON lines', () => {
  it('reads objects keyed like the header, numbers as numbers, and reports bad lines', async () => {
    const good = { ...GOOD, amount: 25.5, sender_birth_year: 1971 };
    const data = [
      JSON.stringify(good),
      '',
      '{not json',
      '[1,2]',
      JSON.stringify({ ...good, amount: -1 }),
    ].join('\n');
    const { transactions, rejected } = await read('ndjson', data);
    expect(transactions).toHaveLength(1);
    expect(transactions[0]).toMatchObject({ amount: 25.5, sender: { birthYear: 1971 } });
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(rejected[0]!.reason).toMatch(/^not valid JSON/);
    expect(rejected[1]!.reason).toBe('not a JSON object');
    expect(rejected[2]!.reason).toBe('amount: must be a number greater than 0');
  });
});

describe('a column mapping', () => {
  const mapping: ColumnMappingInput = {
    columns: {
      transaction_id: 'Ref No',
      timestamp: 'Date',
      amount: 'Amt',
      currency: 'Ccy',
      sender_id: 'Payer',
      receiver_id: 'Payee',
      receiver_country: 'Dest',
    },
    constants: { channel: 'ewallet' },
    timestamp: { format: 'local', utcOffset: '+08:00' },
    delimiter: ';',
  };

  it('reads another layout, with fixed values and local times', async () => {
    const data = 'Ref No;Date;Amt;Ccy;Payer;Payee;Dest\nA-1;2026-03-01 21:15:00;1000;PHP;P1;Q1;PH\n';
    const { transactions, rejected } = await read('csv', data, mapping);
    expect(rejected).toEqual([]);
    expect(transactions[0]).toMatchObject({
      transactionId: 'A-1',
      at: Date.UTC(2026, 2, 1, 13, 15),
      utcOffsetMinutes: 480,
      channel: 'ewallet',
      receiver: { id: 'Q1', country: 'PH' },
    });
  });

  it('names the source column of a bad field', async () => {
    const data = 'Ref No;Date;Amt;Ccy;Payer;Payee;Dest\nA-1;2026-03-01 21:15:00;zero;PHP;P1;Q1;PH\n';
    const { rejected } = await read('csv', data, mapping);
    expect(rejected).toEqual([{ line: 2, reason: 'Amt: must be a number greater than 0' }]);
  });

  it('reads epoch seconds and maps JSON keys', async () => {
    const line = JSON.stringify({
      'Ref No': 'B',
      Date: 1772370900,
      Amt: '5',
      Ccy: 'EUR',
      Payer: 'x',
      Payee: 'y',
    });
    const { transactions } = await read('ndjson', line, {
      ...mapping,
      timestamp: { format: 'epoch-seconds' },
    });
    expect(transactions[0]).toMatchObject({ at: 1772370900_000, utcOffsetMinutes: 0, currency: 'EUR' });
  });

  it.each([
    [{ timestamp: { format: 'local', utcOffset: '8' } }, 'timestamp.utcOffset'],
    [{ columns: { amount: '' } }, 'columns.amount'],
    [{ columns: { amonut: 'x' } }, 'columns'],
    [{ delimiter: ';;' }, 'delimiter'],
  ])('refuses a bad mapping %j', (input, path) => {
    const result = ColumnMapping.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path.join('.')).toBe(path);
  });
});

it('streams a long file in bounded batches', async () => {
  const rows = Array.from({ length: 25 }, (_, i) => csvLine({ ...GOOD, transaction_id: `T${i}` }));
  const { transactions, batches } = await read('csv', `${HEADER}\n${rows.join('\n')}\n`);
  expect(transactions).toHaveLength(25);
  expect(batches).toBeGreaterThanOrEqual(13);
});

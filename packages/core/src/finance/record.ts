import { normaliseIdentifier } from '../identifiers/normalise.ts';
import { REQUIRED_COLUMNS, type ColumnMapping } from './mapping.ts';
import { CHANNELS, type Channel, type FinanceTransaction, type TransactionColumn } from './transaction.ts';

export type ParsedRecord = { ok: true; transaction: FinanceTransaction } | { ok: false; reason: string };

/** A row as the parser sees it: the raw text of each field (undefined or '' when absent). */
export type FieldValue = (field: TransactionColumn) => string | undefined;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const CHANNEL_SET = new Set<string>(CHANNELS);
const AMOUNT = /^\d+(\.\d+)?$/;
const COUNTRY = /^[A-Z]{2}$/;
const CRYPTO_ASSET = /^[A-Z]{3,5}$/;
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;

/** A field's problem, to be named with its column. */
class FieldError extends Error {
  constructor(
    readonly field: TransactionColumn,
    message: string,
  ) {
    super(message);
  }
}

/** Minutes east of UTC of "+08:00", "-0530", "Z". */
export function offsetMinutes(text: string): number | undefined {
  if (text === 'Z' || text === 'z') return 0;
  const match = OFFSET.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 14 * 60) return undefined;
  return match[1] === '-' ? -minutes : minutes;
}

/** Offsets as written ("+08:00"), read once each: a file has few of them and millions of rows. */
const offsets = new Map<string, number | undefined>();
function cachedOffset(text: string): number | undefined {
  if (offsets.has(text)) return offsets.get(text);
  const minutes = offsetMinutes(text);
  if (offsets.size < 1000) offsets.set(text, minutes);
  return minutes;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (year: number, month: number) =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_DAYS[month - 1]!;

/** Epoch milliseconds of a date and time at UTC, if there is such a time. */
function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    throw new FieldError('timestamp', 'is not a real date and time');
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The number written by the digits of `raw` from `start` to `end`; -1 if one is not a digit. */
function digits(raw: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The usual form, `2026-03-01T21:15:00+08:00` or `2026-03-01T13:15:00Z`, read by position: most rows of
 * most files, without the strings and array of a regular expression's match. Undefined for any other form,
 * which ISO_TIME reads (and names what is wrong with).
 */
function usualIsoTime(raw: string): { at: number; utcOffsetMinutes: number } | undefined {
  const n = raw.length;
  const separator = raw[10];
  if (
    (n !== 20 && n !== 25) ||
    raw[4] !== '-' ||
    raw[7] !== '-' ||
    (separator !== 'T' && separator !== 't' && separator !== ' ') ||
    raw[13] !== ':' ||
    raw[16] !== ':'
  )
    return undefined;
  let offset: number;
  if (n === 20) {
    if (raw[19] !== 'Z' && raw[19] !== 'z') return undefined;
    offset = 0;
  } else {
    const sign = raw[19];
    const hours = digits(raw, 20, 22);
    const minutes = digits(raw, 23, 25);
    if ((sign !== '+' && sign !== '-') || raw[22] !== ':' || hours < 0 || minutes < 0) return undefined;
    offset = hours * 60 + minutes;
    if (offset > 14 * 60) return undefined;
    if (sign === '-') offset = -offset;
  }
  const year = digits(raw, 0, 4);
  const month = digits(raw, 5, 7);
  const day = digits(raw, 8, 10);
  const hour = digits(raw, 11, 13);
  const minute = digits(raw, 14, 16);
  const second = digits(raw, 17, 19);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  return {
    at: utcMillis(year, month, day, hour, minute, second, 0) - offset * 60_000,
    utcOffsetMinutes: offset,
  };
}

/** Epoch milliseconds and offset of a timestamp in the mapping's format. */
function readTimestamp(
  raw: string,
  format: ColumnMapping['timestamp'],
): { at: number; utcOffsetMinutes: number } {
  const fallbackOffset = cachedOffset(format.utcOffset ?? '+00:00')!;
  if (format.format === 'epoch-seconds' || format.format === 'epoch-milliseconds') {
    if (!/^\d+(\.\d+)?$/.test(raw)) throw new FieldError('timestamp', `must be ${format.format} (a number)`);
    const at = Math.round(Number(raw) * (format.format === 'epoch-seconds' ? 1000 : 1));
    return { at, utcOffsetMinutes: fallbackOffset };
  }
  const usual = usualIsoTime(raw);
  if (usual) return usual;
  const match = ISO_TIME.exec(raw);
  const expected =
    format.format === 'iso8601'
      ? 'must be ISO 8601 with a UTC offset, e.g. 2026-03-01T21:15:00+08:00'
      : 'must be a local time such as 2026-03-01 21:15:00';
  if (!match) throw new FieldError('timestamp', expected);
  const zone = match[8];
  if (format.format === 'iso8601' && !zone)
    throw new FieldError('timestamp', `${expected} (the offset is missing)`);
  const utcOffsetMinutes = zone ? cachedOffset(zone) : fallbackOffset;
  if (utcOffsetMinutes === undefined) throw new FieldError('timestamp', 'has an impossible UTC offset');
  const fraction = match[7];
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const local = utcMillis(
    +match[1]!,
    +match[2]!,
    +match[3]!,
    +match[4]!,
    +match[5]!,
    match[6] === undefined ? 0 : +match[6],
    ms,
  );
  return { at: local - utcOffsetMinutes * 60_000, utcOffsetMinutes };
}

function phone(field: TransactionColumn, raw: string, country: string | undefined): string {
  const result = normaliseIdentifier('phone', raw, { defaultCountry: country });
  if (!result.ok)
    throw new FieldError(field, `not a possible phone number${country ? ` for country ${country}` : ''}`);
  return result.value;
}

/**
 * One record into a FinanceTransaction, or the reason it cannot be, naming the source column that fed the
 * bad field. Empty optional fields are left out.
 */
export function parseTransactionRecord(value: FieldValue, mapping: ColumnMapping): ParsedRecord {
  try {
    return { ok: true, transaction: readFields(value, mapping.timestamp) };
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    return { ok: false, reason: `${columnOf(mapping, error.field)}: ${error.message}` };
  }
}

/** The source column a field is read from (or a note that it is a fixed value). */
export function columnOf(mapping: ColumnMapping, field: TransactionColumn): string {
  if (mapping.constants[field] !== undefined) return `${field} (fixed value)`;
  return mapping.columns[field] ?? field;
}

/** A field's text without surrounding space; undefined when empty. */
function fieldText(value: FieldValue, field: TransactionColumn): string | undefined {
  const raw = value(field)?.trim();
  return raw ? raw : undefined;
}

function country(value: FieldValue, field: 'sender_country' | 'receiver_country'): string | undefined {
  const raw = fieldText(value, field)?.toUpperCase();
  if (raw !== undefined && !COUNTRY.test(raw))
    throw new FieldError(field, 'must be an ISO 3166-1 alpha-2 country code');
  return raw;
}

// No function is created per row: the TypeScript loader names each one it creates, at a cost per row.
function readFields(value: FieldValue, timestamp: ColumnMapping['timestamp']): FinanceTransaction {
  for (const field of REQUIRED_COLUMNS)
    if (fieldText(value, field) === undefined) throw new FieldError(field, 'is required');

  const rawAmount = fieldText(value, 'amount')!.replace(/,/g, '');
  if (!AMOUNT.test(rawAmount) || Number(rawAmount) <= 0)
    throw new FieldError('amount', 'must be a number greater than 0');
  const channel = fieldText(value, 'channel')!.toLowerCase();
  if (!CHANNEL_SET.has(channel)) throw new FieldError('channel', `must be one of ${CHANNELS.join(', ')}`);
  const currency = fieldText(value, 'currency')!.toUpperCase();
  // Crypto payments are given in their asset (USDT, BTC), which ISO 4217 does not list.
  if (!CURRENCIES.has(currency) && !(channel === 'crypto' && CRYPTO_ASSET.test(currency)))
    throw new FieldError(
      'currency',
      channel === 'crypto'
        ? 'must be an ISO 4217 currency code or a crypto asset ticker'
        : 'must be an ISO 4217 currency code',
    );

  const senderCountry = country(value, 'sender_country');
  const receiverCountry = country(value, 'receiver_country');
  const senderPhone = fieldText(value, 'sender_phone');
  const receiverPhone = fieldText(value, 'receiver_phone');
  const rawEmail = fieldText(value, 'sender_email');
  let email: string | undefined;
  if (rawEmail !== undefined) {
    const result = normaliseIdentifier('email', rawEmail);
    if (!result.ok) throw new FieldError('sender_email', result.reason);
    email = result.value;
  }
  const rawYear = fieldText(value, 'sender_birth_year');
  const birthYear = rawYear === undefined ? undefined : Number(rawYear);
  if (
    birthYear !== undefined &&
    (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > new Date().getUTCFullYear())
  )
    throw new FieldError('sender_birth_year', 'must be a year between 1900 and this year');
  const rawSex = fieldText(value, 'sender_sex')?.toUpperCase();
  if (rawSex !== undefined && rawSex !== 'F' && rawSex !== 'M' && rawSex !== 'X')
    throw new FieldError('sender_sex', 'must be F, M or X');

  const { at, utcOffsetMinutes } = readTimestamp(fieldText(value, 'timestamp')!, timestamp);
  const transaction: FinanceTransaction = {
    transactionId: fieldText(value, 'transaction_id')!,
    at,
    utcOffsetMinutes,
    amount: Number(rawAmount),
    currency,
    channel: channel as Channel,
    sender: { id: fieldText(value, 'sender_id')! },
    receiver: { id: fieldText(value, 'receiver_id')! },
  };
  const reference = fieldText(value, 'reference');
  if (reference !== undefined) transaction.reference = reference;
  const { sender, receiver } = transaction;
  assign(sender, 'name', fieldText(value, 'sender_name'));
  assign(sender, 'country', senderCountry);
  if (senderPhone !== undefined) sender.phone = phone('sender_phone', senderPhone, senderCountry);
  assign(sender, 'email', email);
  assign(sender, 'birthYear', birthYear);
  assign(sender, 'sex', rawSex as 'F' | 'M' | 'X' | undefined);
  assign(receiver, 'name', fieldText(value, 'receiver_name'));
  assign(receiver, 'country', receiverCountry);
  if (receiverPhone !== undefined) receiver.phone = phone('receiver_phone', receiverPhone, receiverCountry);
  assign(receiver, 'account', fieldText(value, 'receiver_account'));
  return transaction;
}

/** Sets an optional property only when there is a value, so absent fields stay absent. */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

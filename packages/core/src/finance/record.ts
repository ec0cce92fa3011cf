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

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

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
  const year = +match[1]!;
  const month = +match[2]!;
  const day = +match[3]!;
  const hour = +match[4]!;
  const minute = +match[5]!;
  const second = match[6] === undefined ? 0 : +match[6];
  const fraction = match[7];
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
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
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

function readFields(value: FieldValue, timestamp: ColumnMapping['timestamp']): FinanceTransaction {
  const text = (field: TransactionColumn): string | undefined => {
    const raw = value(field)?.trim();
    return raw ? raw : undefined;
  };
  for (const field of REQUIRED_COLUMNS)
    if (text(field) === undefined) throw new FieldError(field, 'is required');

  const rawAmount = text('amount')!.replace(/,/g, '');
  if (!AMOUNT.test(rawAmount) || Number(rawAmount) <= 0)
    throw new FieldError('amount', 'must be a number greater than 0');
  const channel = text('channel')!.toLowerCase();
  if (!CHANNEL_SET.has(channel)) throw new FieldError('channel', `must be one of ${CHANNELS.join(', ')}`);
  const currency = text('currency')!.toUpperCase();
  // Crypto payments are given in their asset (USDT, BTC), which ISO 4217 does not list.
  if (!CURRENCIES.has(currency) && !(channel === 'crypto' && CRYPTO_ASSET.test(currency)))
    throw new FieldError(
      'currency',
      channel === 'crypto'
        ? 'must be an ISO 4217 currency code or a crypto asset ticker'
        : 'must be an ISO 4217 currency code',
    );

  const country = (field: 'sender_country' | 'receiver_country') => {
    const raw = text(field)?.toUpperCase();
    if (raw !== undefined && !COUNTRY.test(raw))
      throw new FieldError(field, 'must be an ISO 3166-1 alpha-2 country code');
    return raw;
  };
  const senderCountry = country('sender_country');
  const receiverCountry = country('receiver_country');
  const senderPhone = text('sender_phone');
  const receiverPhone = text('receiver_phone');
  const rawEmail = text('sender_email');
  let email: string | undefined;
  if (rawEmail !== undefined) {
    const result = normaliseIdentifier('email', rawEmail);
    if (!result.ok) throw new FieldError('sender_email', result.reason);
    email = result.value;
  }
  const rawYear = text('sender_birth_year');
  const birthYear = rawYear === undefined ? undefined : Number(rawYear);
  if (
    birthYear !== undefined &&
    (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > new Date().getUTCFullYear())
  )
    throw new FieldError('sender_birth_year', 'must be a year between 1900 and this year');
  const rawSex = text('sender_sex')?.toUpperCase();
  if (rawSex !== undefined && rawSex !== 'F' && rawSex !== 'M' && rawSex !== 'X')
    throw new FieldError('sender_sex', 'must be F, M or X');

  const { at, utcOffsetMinutes } = readTimestamp(text('timestamp')!, timestamp);
  const transaction: FinanceTransaction = {
    transactionId: text('transaction_id')!,
    at,
    utcOffsetMinutes,
    amount: Number(rawAmount),
    currency,
    channel: channel as Channel,
    sender: { id: text('sender_id')! },
    receiver: { id: text('receiver_id')! },
  };
  const reference = text('reference');
  if (reference !== undefined) transaction.reference = reference;
  const { sender, receiver } = transaction;
  assign(sender, 'name', text('sender_name'));
  assign(sender, 'country', senderCountry);
  if (senderPhone !== undefined) sender.phone = phone('sender_phone', senderPhone, senderCountry);
  assign(sender, 'email', email);
  assign(sender, 'birthYear', birthYear);
  assign(sender, 'sex', rawSex as 'F' | 'M' | 'X' | undefined);
  assign(receiver, 'name', text('receiver_name'));
  assign(receiver, 'country', receiverCountry);
  if (receiverPhone !== undefined) receiver.phone = phone('receiver_phone', receiverPhone, receiverCountry);
  assign(receiver, 'account', text('receiver_account'));
  return transaction;
}

/** Sets an optional property only when there is a value, so absent fields stay absent. */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

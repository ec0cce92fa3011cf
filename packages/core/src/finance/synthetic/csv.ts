import { DEFAULT_TRANSACTION_COLUMNS, type FinanceTransaction } from '../transaction.ts';
import type { PlantedParty } from './planted.ts';

/** A CSV field: quoted when it holds a comma, a quote, a line break or edge spaces; quotes doubled. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ISO 8601 in the sender's local time with its offset, e.g. 2026-03-02T10:00:00-05:00. */
export function localTimestamp(at: number, offsetMinutes: number): string {
  const local = new Date(at + offsetMinutes * 60_000).toISOString();
  const seconds = local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${seconds}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The header line of the default layout. */
export const TRANSACTION_CSV_HEADER = DEFAULT_TRANSACTION_COLUMNS.join(',');

/** One payment as a line of the default layout (without the line break). */
export function transactionCsvRow(tx: FinanceTransaction): string {
  const s = tx.sender;
  const r = tx.receiver;
  return [
    tx.transactionId,
    localTimestamp(tx.at, tx.utcOffsetMinutes),
    tx.amount,
    tx.currency,
    tx.channel,
    tx.reference,
    s.id,
    s.name,
    s.country,
    s.phone,
    s.email,
    s.birthYear,
    s.sex,
    r.id,
    r.name,
    r.country,
    r.phone,
    r.account,
  ]
    .map(csvField)
    .join(',');
}

export const LABEL_CSV_HEADER = 'role,id,kind,pattern';

/** One planted party as a line of the labels file. */
export function labelCsvRow(label: PlantedParty): string {
  return [label.role, label.id, label.kind, label.pattern].map(csvField).join(',');
}

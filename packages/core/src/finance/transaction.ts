import { z } from 'zod';

/**
 * One payment as financial screening sees it: the parsed, validated form of a row of the default CSV layout
 * (or of a JSON line, or of another layout through a column mapping). Intake, the screening engine, the
 * synthetic-data generator and the API all speak this shape.
 */
export const CHANNELS = ['remittance', 'bank', 'ewallet', 'p2p', 'card', 'crypto'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** The columns of the default CSV layout, in order (issue #7 §1). */
export const DEFAULT_TRANSACTION_COLUMNS = [
  'transaction_id',
  'timestamp',
  'amount',
  'currency',
  'channel',
  'reference',
  'sender_id',
  'sender_name',
  'sender_country',
  'sender_phone',
  'sender_email',
  'sender_birth_year',
  'sender_sex',
  'receiver_id',
  'receiver_name',
  'receiver_country',
  'receiver_phone',
  'receiver_account',
] as const;
export type TransactionColumn = (typeof DEFAULT_TRANSACTION_COLUMNS)[number];

export interface FinanceSender {
  id: string;
  name?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
  /** E.164 when it could be read. */
  phone?: string;
  /** Trimmed and lower-cased. */
  email?: string;
  birthYear?: number;
  sex?: 'F' | 'M' | 'X';
}

export interface FinanceReceiver {
  id: string;
  name?: string;
  country?: string;
  phone?: string;
  /** Bank account, e-wallet or crypto wallet id, as given. */
  account?: string;
}

export interface FinanceTransaction {
  /** Unique per source: re-importing a file adds nothing twice. */
  transactionId: string;
  /** Epoch milliseconds (UTC). */
  at: number;
  /** The offset the timestamp was written with, in minutes east of UTC: the sender's local time. */
  utcOffsetMinutes: number;
  /** As given, in `currency`; screening converts with its rate table. */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  channel: Channel;
  reference?: string;
  sender: FinanceSender;
  receiver: FinanceReceiver;
}

/** The screening indicators of domain.md §5; X1 is the reverse, sextortion typology. */
export const INDICATOR_IDS = [
  'F1',
  'F2',
  'F3',
  'F4',
  'F5',
  'F6',
  'F7',
  'F8',
  'F9',
  'F10',
  'F11',
  'X1',
] as const;
export const IndicatorId = z.enum(INDICATOR_IDS);
export type IndicatorId = z.infer<typeof IndicatorId>;

export const PartyRole = z.enum(['sender', 'receiver']);
export type PartyRole = z.infer<typeof PartyRole>;

/** What screening raises on one party: why (indicators in plain words) and on which payments. */
export interface ScreeningAlert {
  party: { role: PartyRole; id: string };
  /** 0–100. */
  score: number;
  /** `sextortion` when X1 drove the alert, else `livestream`. */
  typology: 'livestream' | 'sextortion';
  indicators: { id: IndicatorId; detail: string }[];
  transactionIds: string[];
}

/** Why a party counts as already known (F11): `weak` for a match on name and country alone. */
export interface KnownParty {
  detail: string;
  weak: boolean;
}

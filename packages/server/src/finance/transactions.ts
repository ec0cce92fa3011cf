import type { FinanceTransaction } from '@sinag/core';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { arrayLiteral } from '../db/array-literal.ts';
import type { Database, FinanceTransactionsTable } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Where stored payments come from: the organisation, the source, and the import that brought them. */
export interface StoreTarget {
  organisationId: string;
  sourceId: string;
  importId: string;
}

/** What one insert did: how many rows were new, and the earliest time among them (for screening). */
export interface StoredBatch {
  imported: number;
  earliest: Date | null;
}

const opt = <T>(value: T | undefined) => value ?? null;

/**
 * Stores a batch of payments as one statement (one array per column, unnested by the database), skipping
 * those the source sent before: the key (organisation, transaction id, source) makes a re-import add nothing.
 */
export async function insertTransactions(
  db: Db,
  target: StoreTarget,
  transactions: FinanceTransaction[],
): Promise<StoredBatch> {
  if (!transactions.length) return { imported: 0, earliest: null };
  const column = (pick: (t: FinanceTransaction) => string | number | null) =>
    arrayLiteral(transactions.map(pick));
  const { rows } = await sql<{ imported: number | string; earliest: Date | null }>`
    with added as (
      insert into finance_transactions (organisation_id, source_id, import_id, transaction_id, at,
        utc_offset_minutes, amount, currency, channel, reference, sender_id, sender_name, sender_country,
        sender_phone, sender_email, sender_birth_year, sender_sex, receiver_id, receiver_name, receiver_country,
        receiver_phone, receiver_account)
      select ${target.organisationId}::uuid, ${target.sourceId}::uuid, ${target.importId}::uuid,
        t.transaction_id, timestamptz 'epoch' + t.at_ms * interval '1 millisecond', t.utc_offset_minutes,
        t.amount, t.currency, t.channel, t.reference, t.sender_id, t.sender_name, t.sender_country,
        t.sender_phone, t.sender_email, t.sender_birth_year, t.sender_sex, t.receiver_id, t.receiver_name,
        t.receiver_country, t.receiver_phone, t.receiver_account
      from unnest(
        ${column((t) => t.transactionId)}::text[],
        ${column((t) => t.at)}::bigint[],
        ${column((t) => t.utcOffsetMinutes)}::smallint[],
        ${column((t) => t.amount)}::numeric[],
        ${column((t) => t.currency)}::text[],
        ${column((t) => t.channel)}::text[],
        ${column((t) => opt(t.reference))}::text[],
        ${column((t) => t.sender.id)}::text[],
        ${column((t) => opt(t.sender.name))}::text[],
        ${column((t) => opt(t.sender.country))}::text[],
        ${column((t) => opt(t.sender.phone))}::text[],
        ${column((t) => opt(t.sender.email))}::text[],
        ${column((t) => opt(t.sender.birthYear))}::smallint[],
        ${column((t) => opt(t.sender.sex))}::text[],
        ${column((t) => t.receiver.id)}::text[],
        ${column((t) => opt(t.receiver.name))}::text[],
        ${column((t) => opt(t.receiver.country))}::text[],
        ${column((t) => opt(t.receiver.phone))}::text[],
        ${column((t) => opt(t.receiver.account))}::text[]
      ) as t(transaction_id, at_ms, utc_offset_minutes, amount, currency, channel, reference, sender_id,
        sender_name, sender_country, sender_phone, sender_email, sender_birth_year, sender_sex, receiver_id,
        receiver_name, receiver_country, receiver_phone, receiver_account)
      on conflict do nothing
      returning at
    )
    select count(*) as imported, min(at) as earliest from added`.execute(db);
  const row = rows[0]!;
  return { imported: Number(row.imported), earliest: row.earliest ? new Date(row.earliest) : null };
}

/** A stored payment with the source it came from (screening needs both to find it again). */
export interface StoredTransaction extends FinanceTransaction {
  sourceId: string;
}

/** A stored payment as COLUMNS reads it: the time as epoch milliseconds, the amount as exact text. */
type TransactionRow = Omit<
  Selectable<FinanceTransactionsTable>,
  'organisation_id' | 'import_id' | 'at' | 'amount'
> & { at_ms: string | number; amount: string };

const COLUMNS = sql`source_id, transaction_id, (extract(epoch from at) * 1000)::bigint as at_ms,
  utc_offset_minutes, amount::text as amount, currency, channel, reference, sender_id, sender_name,
  sender_country, sender_phone, sender_email, sender_birth_year, sender_sex, receiver_id, receiver_name,
  receiver_country, receiver_phone, receiver_account`;

/** Copies only the fields that are set, so a stored payment reads back as it was parsed. */
function set<T extends object>(target: T, fields: { [K in keyof T]?: T[K] | null }): T {
  // for-in, not Object.entries: no array per field for each of the millions of rows screening reads back.
  for (const key in fields) {
    const value = fields[key];
    if (value !== null && value !== undefined) target[key] = value;
  }
  return target;
}

function toTransaction(row: TransactionRow): StoredTransaction {
  return {
    sourceId: row.source_id,
    transactionId: row.transaction_id,
    at: Number(row.at_ms),
    utcOffsetMinutes: row.utc_offset_minutes,
    amount: Number(row.amount),
    currency: row.currency,
    channel: row.channel as FinanceTransaction['channel'],
    ...(row.reference !== null ? { reference: row.reference } : {}),
    sender: set<FinanceTransaction['sender']>(
      { id: row.sender_id },
      {
        name: row.sender_name,
        country: row.sender_country,
        phone: row.sender_phone,
        email: row.sender_email,
        birthYear: row.sender_birth_year,
        sex: row.sender_sex as 'F' | 'M' | 'X' | null,
      },
    ),
    receiver: set<FinanceTransaction['receiver']>(
      { id: row.receiver_id },
      {
        name: row.receiver_name,
        country: row.receiver_country,
        phone: row.receiver_phone,
        account: row.receiver_account,
      },
    ),
  };
}

/** Rows per page when reading payments back in time order. */
const PAGE = 10_000;

/**
 * An organisation's payments from `from` on, in time order (ties by transaction id and source), a page per
 * query with no cursor held between them, so a long read neither holds a connection nor all rows.
 */
export async function* transactionsFrom(
  db: Db,
  organisationId: string,
  from: Date,
  pageSize = PAGE,
): AsyncGenerator<StoredTransaction[]> {
  let after: { at: Date; id: string; source: string } | undefined;
  for (;;) {
    const position = after
      ? sql`and at >= ${after.at.toISOString()}::timestamptz
          and (at, transaction_id, source_id) > (${after.at.toISOString()}::timestamptz, ${after.id}, ${after.source}::uuid)`
      : sql`and at >= ${from.toISOString()}::timestamptz`;
    const { rows } = await sql<TransactionRow>`
      select ${COLUMNS} from finance_transactions
      where organisation_id = ${organisationId}::uuid ${position}
      order by at, transaction_id, source_id
      limit ${pageSize}`.execute(db);
    if (rows.length) yield rows.map(toTransaction);
    if (rows.length < pageSize) return;
    const last = rows.at(-1)!;
    // Times are stored to the millisecond (insertTransactions sends them as epoch milliseconds), so `at_ms` is
    // exact: no timestamp to parse on every row for the one the next page starts after.
    after = { at: new Date(Number(last.at_ms)), id: last.transaction_id, source: last.source_id };
  }
}

/** A party's payments as sender or receiver, oldest first: the newest `limit` of them, and how many there are. */
export async function partyTransactions(
  db: Db,
  organisationId: string,
  party: { role: 'sender' | 'receiver'; id: string },
  limit: number,
): Promise<{ transactions: StoredTransaction[]; total: number }> {
  const column = sql.ref(party.role === 'sender' ? 'sender_id' : 'receiver_id');
  const where = sql`organisation_id = ${organisationId}::uuid and ${column} = ${party.id}`;
  const { rows } = await sql<TransactionRow>`
    select ${COLUMNS} from (
      select * from finance_transactions where ${where} order by at desc limit ${limit}
    ) t order by at`.execute(db);
  const { rows: count } = await sql<{ total: string | number }>`
    select count(*) as total from finance_transactions where ${where}`.execute(db);
  return { transactions: rows.map(toTransaction), total: Number(count[0]!.total) };
}

/** The payments behind an alert, oldest first. */
export async function alertTransactions(
  db: Db,
  organisationId: string,
  alertId: string,
): Promise<StoredTransaction[]> {
  const { rows } = await sql<TransactionRow>`
    select ${COLUMNS} from finance_transactions
    where organisation_id = ${organisationId}::uuid and (transaction_id, source_id) in (
      select transaction_id, source_id from finance_alert_transactions where alert_id = ${alertId}::uuid)
    order by at, transaction_id`.execute(db);
  return rows.map(toTransaction);
}

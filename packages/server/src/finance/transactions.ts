import type { FinanceTransaction } from '@sinag/core';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { arrayLiteral } from '../db/array-literal.ts';
import { isUniqueViolation } from '../db/errors.ts';
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

type Value = string | number | null;

/**
 * The columns a payment file fills: each sent as one array of its type, and unnested back into rows by the
 * database. Times go as epoch milliseconds (exact, and no text to parse).
 */
const FILE_COLUMNS: { name: string; type: string; pick: (t: FinanceTransaction) => Value }[] = [
  { name: 'transaction_id', type: 'text', pick: (t) => t.transactionId },
  { name: 'at', type: 'bigint', pick: (t) => t.at },
  { name: 'utc_offset_minutes', type: 'smallint', pick: (t) => t.utcOffsetMinutes },
  { name: 'amount', type: 'numeric', pick: (t) => t.amount },
  { name: 'currency', type: 'text', pick: (t) => t.currency },
  { name: 'channel', type: 'text', pick: (t) => t.channel },
  { name: 'reference', type: 'text', pick: (t) => opt(t.reference) },
  { name: 'sender_id', type: 'text', pick: (t) => t.sender.id },
  { name: 'sender_name', type: 'text', pick: (t) => opt(t.sender.name) },
  { name: 'sender_country', type: 'text', pick: (t) => opt(t.sender.country) },
  { name: 'sender_phone', type: 'text', pick: (t) => opt(t.sender.phone) },
  { name: 'sender_email', type: 'text', pick: (t) => opt(t.sender.email) },
  { name: 'sender_birth_year', type: 'smallint', pick: (t) => opt(t.sender.birthYear) },
  { name: 'sender_sex', type: 'text', pick: (t) => opt(t.sender.sex) },
  { name: 'receiver_id', type: 'text', pick: (t) => t.receiver.id },
  { name: 'receiver_name', type: 'text', pick: (t) => opt(t.receiver.name) },
  { name: 'receiver_country', type: 'text', pick: (t) => opt(t.receiver.country) },
  { name: 'receiver_phone', type: 'text', pick: (t) => opt(t.receiver.phone) },
  { name: 'receiver_account', type: 'text', pick: (t) => opt(t.receiver.account) },
];

/**
 * Stores a batch of payments as one statement, skipping those the source sent before: the key (organisation,
 * transaction id, source) makes a re-import add nothing. The batch is first inserted as it is, which fails
 * (storing nothing) if any payment is already there; only then is it inserted again skipping those, and
 * returning the new ones' times. Checking every payment for a conflict before inserting it cost an eighth of
 * the database's time per payment, for new payments, which most are. The arrays are unnested in the select
 * list, side by side, so the rows stream into the insert; `from unnest(a, b, …)` first copied them all into a
 * tuple store (another tenth).
 * Not in a transaction: the failed first statement would abort it.
 */
export async function insertTransactions(
  db: Kysely<Database>,
  target: StoreTarget,
  transactions: FinanceTransaction[],
): Promise<StoredBatch> {
  if (!transactions.length) return { imported: 0, earliest: null };
  const unnested = FILE_COLUMNS.map(({ name, type, pick }) => {
    const values = sql`unnest(${arrayLiteral(transactions.map(pick))}::${sql.raw(type)}[])`;
    const value = name === 'at' ? sql`timestamptz 'epoch' + ${values} * interval '1 millisecond'` : values;
    return sql`${value} as ${sql.ref(name)}`;
  });
  const names = sql.join(FILE_COLUMNS.map(({ name }) => sql.ref(name)));
  const insert = sql`
    insert into finance_transactions (organisation_id, source_id, import_id, ${names})
    select ${target.organisationId}::uuid, ${target.sourceId}::uuid, ${target.importId}::uuid, ${names}
    from (select ${sql.join(unnested)}) t`;
  try {
    await insert.execute(db);
    // All of them are new: the earliest is found here, not by the database returning every row's time.
    let earliest = transactions[0]!.at;
    for (const { at } of transactions) if (at < earliest) earliest = at;
    return { imported: transactions.length, earliest: new Date(earliest) };
  } catch (error) {
    if (!isUniqueViolation(error, 'finance_transactions_pkey')) throw error;
  }
  const { rows } = await sql<{ imported: number | string; earliest: Date | null }>`
    with added as (${insert} on conflict do nothing returning at)
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

/**
 * A party's payments as sender or receiver, oldest first: the newest `limit` of them, and how many there are.
 * One pass: the party's index is on its id alone (migration 0024), so all its payments are read to find the
 * newest, and they are counted on the way (about 0.4 s for a party with 500,000 payments).
 */
export async function partyTransactions(
  db: Db,
  organisationId: string,
  party: { role: 'sender' | 'receiver'; id: string },
  limit: number,
): Promise<{ transactions: StoredTransaction[]; total: number }> {
  const column = sql.ref(party.role === 'sender' ? 'sender_id' : 'receiver_id');
  const { rows } = await sql<TransactionRow & { total: string | number }>`
    select ${COLUMNS}, total from (
      select *, count(*) over () as total from finance_transactions
      where organisation_id = ${organisationId}::uuid and ${column} = ${party.id}
      order by at desc limit ${limit}
    ) t order by at`.execute(db);
  return { transactions: rows.map(toTransaction), total: Number(rows[0]?.total ?? 0) };
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

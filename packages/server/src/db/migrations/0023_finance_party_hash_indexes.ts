import { sql, type Kysely } from 'kysely';

/**
 * A party's payments are only ever looked up by its id (`partyTransactions`: the alert page's chart and
 * network), so hash indexes serve them. Payments arrive in time order but their parties in no order, so each
 * new payment went into a random place of two B-trees: about 6 µs of PostgreSQL CPU per payment each, half of
 * what storing a payment cost. A hash index takes one bucket page: 3–4 µs (docs/benchmarks.md). The newest
 * payments of a party are now sorted from all of its payments rather than read in order from the index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index finance_transactions_sender;
    drop index finance_transactions_receiver;
    create index finance_transactions_sender on finance_transactions using hash (sender_id);
    create index finance_transactions_receiver on finance_transactions using hash (receiver_id);
  `.execute(db);
}

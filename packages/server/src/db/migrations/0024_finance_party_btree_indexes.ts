import { sql, type Kysely } from 'kysely';

/**
 * A party's payments are found through B-trees on the party id again, not the hash indexes of migration 0023.
 * PostgreSQL's hash index files every payment of one party in one bucket, and each insertion walks that
 * bucket's whole chain of pages to find room: storing n payments of one party costs n² (100,000 payments to
 * one receiver took 1.8 s, the next 100,000 5.9 s, the next 10.6 s). Payment files have such parties: a
 * merchant, a remitter's pooled account. A B-tree keeps one party's entries as a compact list of row
 * pointers (deduplication) and finds its place in a few page reads, whatever the count. On the id alone,
 * not (organisation, id, time): the narrowest key is the cheapest to keep (docs/benchmarks.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index finance_transactions_sender;
    drop index finance_transactions_receiver;
    create index finance_transactions_sender on finance_transactions (sender_id);
    create index finance_transactions_receiver on finance_transactions (receiver_id);
  `.execute(db);
}

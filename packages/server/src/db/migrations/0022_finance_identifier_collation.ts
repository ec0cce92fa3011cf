import { sql, type Kysely } from 'kysely';

/**
 * Payment identifiers are opaque codes, so their indexes compare bytes ("C") instead of going through the
 * database's locale. Every stored payment enters three indexes keyed on them; with a locale collation each
 * key comparison copied both strings and called strcoll: storing payments took an eighth longer (PostgreSQL
 * 15 with a C.UTF-8 database; a locale such as en_US costs more).
 * Equality is unchanged; only the order of ties in the time index differs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table finance_transactions
      alter column transaction_id type text collate "C",
      alter column sender_id type text collate "C",
      alter column receiver_id type text collate "C";
  `.execute(db);
}

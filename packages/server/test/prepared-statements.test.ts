import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/database.ts';
import { PreparingClient } from '../src/db/prepared.ts';
import type { Database } from '../src/db/schema.ts';
import { TEST_POSTGRES_URL } from './helpers.ts';

describe('statements sent again and again (postgres)', () => {
  let database: Db;
  beforeAll(async () => {
    database = await openDatabase({ url: TEST_POSTGRES_URL, poolSize: 1 });
  });
  afterAll(() => database.close());

  const prepared = async (text: string) => {
    const { rows } = await sql<{ name: string }>`
      select name from pg_prepared_statements where statement = ${text}`.execute(database.db);
    return rows.map((r) => r.name);
  };

  it('are prepared once on the connection and answer as before; one-off and parameterless ones are not', async () => {
    const query = (n: number) => sql<{ next: number }>`select ${n}::int + 1 as next`.execute(database.db);
    const text = 'select $1::int + 1 as next';
    for (let n = 1; n <= 2; n++) expect((await query(n)).rows).toEqual([{ next: n + 1 }]);
    expect(await prepared(text)).toEqual([]);
    for (let n = 3; n <= 6; n++) expect((await query(n)).rows).toEqual([{ next: n + 1 }]);
    expect(await prepared(text)).toEqual([expect.stringMatching(/^sinag_\d+$/)]);

    for (let i = 0; i < 4; i++) await sql`select 1 as one`.execute(database.db);
    expect(await prepared('select 1 as one')).toEqual([]);
  });
});

describe('a transaction’s begin, sent with its first statement (postgres)', () => {
  let database: Db;
  /** Round trips: every exchange with the server ends with one ReadyForQuery. */
  let roundTrips = 0;
  class CountingClient extends PreparingClient {
    override connect(...args: unknown[]): never {
      this.connection.on('readyForQuery', () => roundTrips++);
      return (super.connect as (...a: unknown[]) => never)(...args);
    }
  }
  beforeAll(async () => {
    const pool = new pg.Pool({ Client: CountingClient, connectionString: TEST_POSTGRES_URL, max: 1 });
    database = {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      kind: 'postgres',
      close: () => database.db.destroy(),
    };
    await sql`create temporary table held_begin (n int primary key)`.execute(database.db);
    // The first transaction on a connection prepares its `begin`.
    await database.db.transaction().execute((trx) => sql`select ${1}::int`.execute(trx));
  });
  afterAll(() => database.close());

  const counted = async <T>(work: () => Promise<T>) => {
    const before = roundTrips;
    const result = await work();
    return { result, roundTrips: roundTrips - before };
  };
  const txid = (db: Kysely<Database>, n: number) =>
    sql<{ id: string }>`select txid_current()::text as id, ${n}::int as n`
      .execute(db)
      .then((r) => r.rows[0]!.id);

  it('opens the transaction in the first statement’s round trip; every statement runs inside it', async () => {
    const { result, roundTrips: trips } = await counted(() =>
      database.db.transaction().execute(async (trx) => [await txid(trx, 1), await txid(trx, 2)]),
    );
    expect(result[0]).toBe(result[1]);
    expect(trips).toBe(3); // two statements and the commit
    const outside = [await txid(database.db, 1), await txid(database.db, 2)];
    expect(outside[0]).not.toBe(outside[1]);
  });

  it('rolls back the first statement’s write when a later one fails, and the connection carries on', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`insert into held_begin values (${1})`.execute(trx);
        await sql`insert into held_begin values (${1})`.execute(trx);
      }),
    ).rejects.toThrow(/duplicate key/);
    const rows = await sql`select n from held_begin where n = ${1}`.execute(database.db);
    expect(rows.rows).toEqual([]);
  });

  it('fails the first statement alone, rolled back, without leaving the transaction open', async () => {
    await expect(
      database.db.transaction().execute((trx) => sql`select ${'x'}::int`.execute(trx)),
    ).rejects.toThrow(/invalid input syntax/);
    // Not left inside the failed transaction: statements run, each in a transaction of its own.
    expect(await txid(database.db, 1)).not.toBe(await txid(database.db, 2));
    await database.db.transaction().execute((trx) => sql`insert into held_begin values (${2})`.execute(trx));
    expect((await sql`select n from held_begin`.execute(database.db)).rows).toEqual([{ n: 2 }]);
  });

  it('answers the first statement with its own result, not the begin’s', async () => {
    const inserted = await database.db
      .transaction()
      .execute((trx) => sql`insert into held_begin values (${10}), (${11})`.execute(trx));
    expect(inserted.numAffectedRows).toBe(2n);
    await sql`delete from held_begin where n >= ${10}`.execute(database.db);
  });

  it('sends nothing for a transaction that runs no statement', async () => {
    const { roundTrips: trips } = await counted(() =>
      database.db.transaction().execute(async () => 'nothing'),
    );
    expect(trips).toBe(0);
  });

  it('sends a begin of its own before a first statement without parameters', async () => {
    const { result, roundTrips: trips } = await counted(() =>
      database.db.transaction().execute(async (trx) => {
        const first = await sql<{ id: string }>`select txid_current()::text as id`.execute(trx);
        return [first.rows[0]!.id, await txid(trx, 1)];
      }),
    );
    expect(result[0]).toBe(result[1]);
    expect(trips).toBe(4);
  });
});

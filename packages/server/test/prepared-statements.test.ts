import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/database.ts';
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

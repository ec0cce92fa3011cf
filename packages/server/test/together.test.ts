import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeTogether } from '../src/db/together.ts';
import { createTestContext, DATABASE_KINDS, type TestContext } from './helpers.ts';

describe.each(DATABASE_KINDS)('executeTogether (%s)', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
    await sql`
      create table together_parent (id integer primary key);
      create table together_child (parent integer not null references together_parent (id), n integer)`.execute(
      ctx.services.db,
    );
  });
  afterAll(() => ctx.close());

  const children = (parents: number[], n: number) =>
    sql`insert into together_child (parent, n) values ${sql.join(parents.map((p) => sql`(${p}, ${n})`))}`;

  it.each([
    ['in one statement', 4],
    // 40 parts of 2,000 parameters need several statements: the parent goes in the first.
    ['over several statements, parents first', 40],
  ])('runs every part and returns the rows of the last %s', async (_name, parts) => {
    const { db } = ctx.services;
    const base = parts * 10_000;
    const ids = Array.from({ length: 1000 }, (_, i) => base + i);
    const rows = await db.transaction().execute((trx) =>
      executeTogether(
        trx,
        Array.from({ length: parts }, (_, n) => children(ids, n)),
        sql<{
          id: number;
        }>`insert into together_parent (id) values ${sql.join(ids.map((id) => sql`(${id})`))} returning id`,
      ),
    );
    expect(rows.map((r) => r.id)).toEqual(ids);
    const { rows: counted } = await sql<{ n: string | number }>`
      select count(*) as n from together_child where parent >= ${base} and parent < ${base + 1000}`.execute(
      db,
    );
    expect(Number(counted[0]!.n)).toBe(parts * 1000);
  });
});

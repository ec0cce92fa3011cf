import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from '../src/db/array-literal.ts';
import { createTestContext, DATABASE_KINDS, type TestContext } from './helpers.ts';

describe.each(DATABASE_KINDS)('arrayLiteral (%s)', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  const textsBack = async (values: (string | null)[]) => {
    const { rows } = await sql<{ v: (string | null)[] }>`
      select ${arrayLiteral(values)}::text[] as v`.execute(ctx.services.db);
    return rows[0]!.v;
  };

  it.each([
    { name: 'plain texts', values: ['a', 'b c', 'Sto. Niño'] },
    { name: 'quotes and backslashes', values: ['say "hi"', 'C:\\path\\', '\\"', '"'] },
    { name: 'what looks like array syntax', values: ['{a,b}', 'x,y', 'NULL', 'null', '', ' padded '] },
    { name: 'nulls among texts', values: [null, 'a', null] },
    { name: 'line breaks, tabs and emoji', values: ['a\nb', 'c\td', '🙂'] },
    { name: 'nothing', values: [] },
  ])('sends $name unchanged', async ({ values }) => {
    expect(await textsBack(values)).toEqual(values);
  });

  it('sends numbers for numeric, integer and bigint columns', async () => {
    const { rows } = await sql<{ amount: string[]; year: number[]; ms: string[] }>`
      select ${arrayLiteral([12.5, 0.01, 1e21])}::numeric[]::text[] as amount,
        ${arrayLiteral([1968, null])}::smallint[] as year,
        ${arrayLiteral([1_700_000_000_123])}::bigint[]::text[] as ms`.execute(ctx.services.db);
    expect(rows[0]).toEqual({
      amount: ['12.5', '0.01', '1000000000000000000000'],
      year: [1968, null],
      ms: ['1700000000123'],
    });
  });

  it('sends numbers JSON cannot write, and texts with control characters, quoted one by one', async () => {
    const { rows } = await sql<{ amount: string[]; text: string[] }>`
      select ${arrayLiteral([Infinity, 2.5, -Infinity])}::numeric[]::text[] as amount,
        ${arrayLiteral(['bell\u0007', 'a\\nb', 'c\rd'])}::text[] as text`.execute(ctx.services.db);
    expect(rows[0]).toEqual({
      amount: ['Infinity', '2.5', '-Infinity'],
      text: ['bell\u0007', 'a\\nb', 'c\rd'],
    });
  });
});

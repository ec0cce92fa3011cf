import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import { DATABASE_KINDS, openTestDatabase } from './helpers.ts';

/** Both databases receive a parameter in the same form, and give it back as the same value. */
describe.each(DATABASE_KINDS)('statement parameters (%s)', (kind) => {
  let database: Db;
  beforeAll(async () => {
    database = await openTestDatabase(kind, 1);
  });
  afterAll(() => database.close());

  const back = async (value: unknown, type: string) => {
    const { rows } = await sql<{ v: unknown }>`select ${value}::${sql.raw(type)} as v`.execute(database.db);
    return rows[0]!.v;
  };

  it.each([
    { value: 'Sto. Niño, "quoted" \\ back', type: 'text', expected: 'Sto. Niño, "quoted" \\ back' },
    { value: 42, type: 'int4', expected: 42 },
    { value: 2.5, type: 'float8', expected: 2.5 },
    { value: true, type: 'bool', expected: true },
    { value: null, type: 'text', expected: null },
    {
      value: new Date('2026-03-01T13:15:00.123Z'),
      type: 'timestamptz',
      expected: new Date('2026-03-01T13:15:00.123Z'),
    },
    { value: ['a', null, 'b c'], type: 'text[]', expected: ['a', null, 'b c'] },
    { value: [1, 2, 3], type: 'int4[]', expected: [1, 2, 3] },
    { value: { band: 'P1', flags: ['x'] }, type: 'jsonb', expected: { band: 'P1', flags: ['x'] } },
  ])('$type: $value', async ({ value, type, expected }) => {
    expect(await back(value, type)).toEqual(expected);
  });

  it('gives back bytes sent as a Buffer', async () => {
    const bytes = Buffer.from([0, 1, 254, 255]);
    expect(Buffer.from((await back(bytes, 'bytea')) as Uint8Array)).toEqual(bytes);
  });

  it('reports an error with its SQLSTATE, and the next statement runs', async () => {
    await expect(back('not a number', 'int4')).rejects.toMatchObject({ code: '22P02' });
    expect(await back(7, 'int4')).toBe(7);
  });

  it('counts the rows a statement changed', async () => {
    await sql`create table parameter_probe (n int)`.execute(database.db);
    const inserted = await sql`insert into parameter_probe values (${1}), (${2}), (${3})`.execute(
      database.db,
    );
    expect(inserted.numAffectedRows).toBe(3n);
  });
});

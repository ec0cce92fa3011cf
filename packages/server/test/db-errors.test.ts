import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../src/db/errors.ts';
import { createTestContext, DATABASE_KINDS, type TestContext } from './helpers.ts';

describe.each(DATABASE_KINDS)('isUniqueViolation (%s)', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  const failure = async (statement: ReturnType<typeof sql>) => {
    try {
      await statement.execute(ctx.services.db);
    } catch (error) {
      return error;
    }
    throw new Error('the statement succeeded');
  };

  it('tells a duplicate key, and which constraint it broke, from other errors', async () => {
    await sql`create table error_keys (id int constraint error_keys_id primary key, n int not null)`.execute(
      ctx.services.db,
    );
    await sql`insert into error_keys values (1, 1)`.execute(ctx.services.db);
    const duplicate = await failure(sql`insert into error_keys values (1, 2)`);
    const missing = await failure(sql`insert into error_keys values (2, null)`);
    expect.soft(isUniqueViolation(duplicate)).toBe(true);
    expect.soft(isUniqueViolation(duplicate, 'error_keys_id')).toBe(true);
    expect.soft(isUniqueViolation(duplicate, 'another_key')).toBe(false);
    expect.soft(isUniqueViolation(missing)).toBe(false);
    expect.soft(isUniqueViolation(new Error('not from the database'))).toBe(false);
    expect.soft(isUniqueViolation(undefined)).toBe(false);
  });
});

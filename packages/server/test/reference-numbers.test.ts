import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, DATABASE_KINDS, type TestContext } from './helpers.ts';

/** References are padded to a width but never cut to it, so they stay unique past that width. */
describe.each(DATABASE_KINDS)('reference numbers (%s)', (kind) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  it.each([
    [1, 5, '00001'],
    [99_999, 5, '99999'],
    [100_000, 5, '100000'],
    [10_000_000, 7, '10000000'],
  ])('pads %i to at least %i digits: %s', async (n, width, expected) => {
    const { rows } = await sql<{ padded: string }>`select padded_number(${n}, ${width}) as padded`.execute(
      ctx.services.db,
    );
    expect(rows[0]!.padded).toBe(expected);
  });

  it('gives the case after C-YYYY-99999 a reference of its own', async () => {
    const db = ctx.services.db;
    await sql`select setval('case_number', 99999, false)`.execute(db);
    const organisation = await db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
    const created = await db
      .insertInto('cases')
      .values([
        { organisation_id: organisation.id, title: 'First' },
        { organisation_id: organisation.id, title: 'Second' },
      ])
      .returning('reference')
      .execute();
    const year = new Date().getUTCFullYear();
    expect(created.map((c) => c.reference)).toEqual([`C-${year}-99999`, `C-${year}-100000`]);
  });
});

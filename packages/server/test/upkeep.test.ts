import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import {
  AUTOVACUUM_DEFAULTS,
  upkeepDue,
  upkeepNeeded,
  upkeepRound,
  type TableActivity,
} from '../src/db/upkeep.ts';
import { DATABASE_KINDS, openTestDatabase } from './helpers.ts';

describe('what autovacuum would run on a table', () => {
  const table = (activity: Partial<TableActivity>): TableActivity => ({
    table: 't',
    rows: 1000,
    deadRows: 0,
    insertedSinceVacuum: 0,
    modifiedSinceAnalyze: 0,
    ...activity,
  });
  it.each([
    { name: 'a quiet table', activity: {}, due: undefined },
    // Vacuum past 50 + 20 % of the rows dead; analyse past 50 + 10 % modified.
    { name: 'dead rows at the threshold', activity: { deadRows: 250 }, due: undefined },
    { name: 'dead rows past it', activity: { deadRows: 251 }, due: 'vacuum' },
    { name: 'changes at the analyse threshold', activity: { modifiedSinceAnalyze: 150 }, due: undefined },
    { name: 'changes past it', activity: { modifiedSinceAnalyze: 151 }, due: 'analyze' },
    { name: 'both', activity: { deadRows: 251, modifiedSinceAnalyze: 151 }, due: 'vacuum (analyze)' },
    // Inserts alone: past 1000 + 20 %, so that index-only scans find pages marked all-visible.
    { name: 'inserts at the threshold', activity: { insertedSinceVacuum: 1200 }, due: undefined },
    { name: 'inserts past it', activity: { insertedSinceVacuum: 1201 }, due: 'vacuum' },
    // A queue: rows come and go, so few are live; its dead rows are what matter.
    {
      name: 'a queue of 3 rows',
      activity: { rows: 3, deadRows: 51, modifiedSinceAnalyze: 40 },
      due: 'vacuum',
    },
    { name: 'a table never analysed', activity: { rows: -1, modifiedSinceAnalyze: 51 }, due: 'analyze' },
  ])('$name → $due', ({ activity, due }) => {
    expect(upkeepDue(table(activity), AUTOVACUUM_DEFAULTS)).toBe(due);
  });
});

describe.each(DATABASE_KINDS)('database upkeep (%s)', (kind) => {
  let database: Db;
  beforeAll(async () => {
    database = await openTestDatabase(kind, 1);
  });
  afterAll(() => database.close());

  const statistics = async () => {
    const { rows } = await sql<{ dead: number; rows: number; vacuumed: boolean; analysed: boolean }>`
      select s.n_dead_tup::int as dead, c.reltuples as rows, s.last_vacuum is not null as vacuumed,
        s.last_analyze is not null as analysed
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = current_schema() and s.relname = 'queue_probe'`.execute(database.db);
    return rows[0]!;
  };

  it('is needed on PGlite always, and on PostgreSQL where autovacuum is off', async () => {
    const { rows } = await sql<{
      autovacuum: string;
    }>`select current_setting('autovacuum') as autovacuum`.execute(database.db);
    expect(await upkeepNeeded(database.db, kind)).toBe(kind === 'pglite' || rows[0]!.autovacuum !== 'on');
  });

  it('vacuums and analyses a table whose rows came and went, and leaves it alone after', async () => {
    await sql`create table queue_probe (n int primary key)`.execute(database.db);
    await sql`insert into queue_probe select generate_series(1, ${1000}::int)`.execute(database.db);
    await sql`delete from queue_probe where n > ${400}`.execute(database.db);
    await sql`select pg_stat_force_next_flush()`.execute(database.db);
    // The counters reach the statistics views when the backend next goes idle.
    for (let tries = 0; (await statistics()).dead < 600 && tries < 50; tries++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await statistics()).toMatchObject({ dead: 600, vacuumed: false, analysed: false });

    expect(await upkeepRound(database.db)).toBeGreaterThanOrEqual(1);
    expect(await statistics()).toMatchObject({ dead: 0, rows: 400, vacuumed: true, analysed: true });
    expect(await upkeepRound(database.db)).toBe(0);
  });
});

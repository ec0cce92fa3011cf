import { sql, type Kysely } from 'kysely';
import { startLoop, type LoopPacing } from '../background.ts';
import type { DatabaseKind } from './database.ts';
import type { Database } from './schema.ts';

/**
 * PostgreSQL's autovacuum keeps each table's statistics and free space in step with its writes. PGlite runs
 * none (it is one process without PostgreSQL's background workers, though `autovacuum` reads "on"), and a
 * PostgreSQL server may have it turned off. Without it the planner goes on estimating a table as it was when
 * it was empty, however large it grows, and a prepared statement keeps the plan it chose then: a sequential
 * scan where an index now serves, each run slower than the last. And the rows a queue deletes are never
 * reclaimed, so every take passes more of them. Where autovacuum does not run, Sinag applies its rules itself.
 */

/** When autovacuum acts on a table, as PostgreSQL's defaults have it (`autovacuum_*_threshold`, `…_scale_factor`). */
export interface UpkeepRules {
  vacuumThreshold: number;
  vacuumScaleFactor: number;
  insertThreshold: number;
  insertScaleFactor: number;
  analyzeThreshold: number;
  analyzeScaleFactor: number;
}

export const AUTOVACUUM_DEFAULTS: UpkeepRules = {
  vacuumThreshold: 50,
  vacuumScaleFactor: 0.2,
  insertThreshold: 1000,
  insertScaleFactor: 0.2,
  analyzeThreshold: 50,
  analyzeScaleFactor: 0.1,
};

/** What the statistics views say of a table since it was last vacuumed and analysed. */
export interface TableActivity {
  table: string;
  /** The planner's row count (`reltuples`); negative for a table never vacuumed or analysed. */
  rows: number;
  deadRows: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
}

export type UpkeepCommand = 'vacuum (analyze)' | 'vacuum' | 'analyze';

/** The command autovacuum would run on the table now, if any. */
export function upkeepDue(
  table: TableActivity,
  rules: UpkeepRules = AUTOVACUUM_DEFAULTS,
): UpkeepCommand | undefined {
  const rows = Math.max(table.rows, 0);
  const vacuum =
    table.deadRows > rules.vacuumThreshold + rules.vacuumScaleFactor * rows ||
    table.insertedSinceVacuum > rules.insertThreshold + rules.insertScaleFactor * rows;
  const analyze = table.modifiedSinceAnalyze > rules.analyzeThreshold + rules.analyzeScaleFactor * rows;
  if (vacuum && analyze) return 'vacuum (analyze)';
  if (vacuum) return 'vacuum';
  if (analyze) return 'analyze';
  return undefined;
}

/** Whether nothing else keeps this database's tables: always for PGlite, and PostgreSQL without autovacuum. */
export async function upkeepNeeded(db: Kysely<Database>, kind: DatabaseKind): Promise<boolean> {
  if (kind === 'pglite') return true;
  const { rows } = await sql<{ on: boolean }>`select current_setting('autovacuum') = 'on' as on`.execute(db);
  return !rows[0]!.on;
}

/**
 * Vacuums and analyses the tables of the current schema that autovacuum would have, one statement each;
 * returns how many. The counters lag the writes by a second or so (PostgreSQL flushes them when idle).
 */
export async function upkeepRound(
  db: Kysely<Database>,
  rules: UpkeepRules = AUTOVACUUM_DEFAULTS,
): Promise<number> {
  const { rows } = await sql<{
    table: string;
    rows: number;
    dead: string;
    inserted: string;
    modified: string;
  }>`
    select s.relname as table, c.reltuples as rows, s.n_dead_tup as dead, s.n_ins_since_vacuum as inserted,
      s.n_mod_since_analyze as modified
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = current_schema()
    order by s.relname`.execute(db);
  let done = 0;
  for (const row of rows) {
    const command = upkeepDue(
      {
        table: row.table,
        rows: Number(row.rows),
        deadRows: Number(row.dead),
        insertedSinceVacuum: Number(row.inserted),
        modifiedSinceAnalyze: Number(row.modified),
      },
      rules,
    );
    if (!command) continue;
    await sql`${sql.raw(command)} ${sql.table(row.table)}`.execute(db);
    done++;
  }
  return done;
}

/**
 * How often upkeep looks at the counters: on PostgreSQL, where it runs on a connection of its own, more often
 * than autovacuum's default minute, since Sinag's queues churn fast; on PGlite, where a vacuum holds the one
 * connection every request waits for, at autovacuum's pace.
 */
export const UPKEEP_INTERVAL_MS: Record<DatabaseKind, number> = { postgres: 10_000, pglite: 60_000 };

/** Runs {@link upkeepRound} at the database's interval where {@link upkeepNeeded} says so. */
export function startUpkeep(
  db: Kysely<Database>,
  kind: DatabaseKind,
  { onError }: Pick<LoopPacing, 'onError'> = {},
): { stop(): Promise<void> } {
  let needed: Promise<boolean> | undefined;
  const ask = () =>
    upkeepNeeded(db, kind).catch((error: unknown) => {
      needed = undefined; // asked again next round
      throw error;
    });
  const interval = UPKEEP_INTERVAL_MS[kind];
  return startLoop(async () => ((await (needed ??= ask())) ? upkeepRound(db) : 0), 'database upkeep', {
    idleMs: interval,
    busyMs: interval,
    ...(onError ? { onError } : {}),
  });
}

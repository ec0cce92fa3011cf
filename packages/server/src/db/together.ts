import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A query builder, or a raw `sql` query (which compiles against the database it is given). */
export interface Statement<R = unknown> {
  compile(db: Kysely<Database>): CompiledQuery<R>;
}

/** PostgreSQL takes at most 65,535 parameters in a statement. */
const MAX_PARAMETERS = 30_000;

type Compiled = { sql: string; parameters: readonly unknown[] };

/** `with q0 as (…), q1 as (…) <tail>`: one statement, its parameters renumbered in order. */
function combined(parts: Compiled[], tail: Compiled | undefined): CompiledQuery<unknown> {
  const values: unknown[] = [];
  const texts = [...parts, ...(tail ? [tail] : [])].map((query) => {
    const offset = values.length;
    values.push(...query.parameters);
    // Kysely passes every value as a parameter, so `$n` in its SQL is always a placeholder.
    return offset ? query.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`) : query.sql;
  });
  const head = tail ? texts.slice(0, -1) : texts;
  const end = tail ? texts.at(-1)! : 'select 1';
  return CompiledQuery.raw(
    head.length ? `with ${head.map((t, i) => `q${i} as (${t})`).join(', ')} ${end}` : end,
    values,
  );
}

/**
 * Runs statements as the parts of as few statements as possible — `with q0 as (…), q1 as (…) <last>` — to
 * save a round trip per statement on the busiest write paths, and returns the rows of `last`. The parts see
 * one snapshot, so none may depend on another's writes; foreign keys are checked when the whole statement
 * ends, so a child row may reference a parent inserted by `last`. When the parameters need more than one
 * statement, the one with `last` runs first: parents before the children that did not fit.
 */
export async function executeTogether<R>(
  db: Kysely<Database>,
  parts: Statement[],
  last: Statement<R>,
): Promise<R[]> {
  const tail = last.compile(db);
  const queue = parts.map((part) => part.compile(db));
  /** The next parts, in order, that fit in `room` parameters (at least one, however large). */
  const take = (room: number, atLeastOne: boolean) => {
    const group: Compiled[] = [];
    while (queue.length && (queue[0]!.parameters.length <= room || (atLeastOne && !group.length))) {
      room -= queue[0]!.parameters.length;
      group.push(queue.shift()!);
    }
    return group;
  };
  const first = take(MAX_PARAMETERS - tail.parameters.length, false);
  const { rows } = await db.executeQuery<R>(combined(first, tail) as CompiledQuery<R>);
  while (queue.length) await db.executeQuery(combined(take(MAX_PARAMETERS, true), undefined));
  return rows;
}

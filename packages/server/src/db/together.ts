import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A query builder, or a raw `sql` query (which compiles against the database it is given). */
export interface Statement<R = unknown> {
  compile(db: Kysely<Database>): CompiledQuery<R>;
}

/** PostgreSQL takes at most 65,535 parameters in a statement. */
const MAX_PARAMETERS = 30_000;

/**
 * Runs statements as the parts of as few statements as possible — `with q0 as (…), q1 as (…) <last>` — to
 * save a round trip per statement on the busiest write paths, and returns the rows of `last`. The parts see
 * one snapshot, so none may depend on another's writes; foreign keys are checked when the whole statement
 * ends, so a child row may reference a parent inserted by another part.
 */
export async function executeTogether<R>(
  db: Kysely<Database>,
  parts: Statement[],
  last: Statement<R>,
): Promise<R[]> {
  let group: { sql: string; parameters: readonly unknown[] }[] = [];
  let parameters = 0;
  const run = async (final: boolean) => {
    const values: unknown[] = [];
    const texts = group.map((query) => {
      const offset = values.length;
      values.push(...query.parameters);
      // Kysely passes every value as a parameter, so `$n` in its SQL is always a placeholder.
      return query.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    });
    const head = final ? texts.slice(0, -1) : texts;
    const tail = final ? texts.at(-1)! : 'select 1';
    const text = head.length ? `with ${head.map((t, i) => `q${i} as (${t})`).join(', ')} ${tail}` : tail;
    group = [];
    parameters = 0;
    return (await db.executeQuery<R>(CompiledQuery.raw(text, values))).rows;
  };
  for (const part of [...parts, last]) {
    const compiled = part.compile(db);
    if (group.length && parameters + compiled.parameters.length > MAX_PARAMETERS) await run(false);
    group.push(compiled);
    parameters += compiled.parameters.length;
  }
  return run(true);
}

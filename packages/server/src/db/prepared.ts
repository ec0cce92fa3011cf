import pg from 'pg';

/** A statement text seen this many times is worth preparing: the next runs skip parsing and planning. */
const PREPARE_AFTER = 3;
/** Distinct statements prepared at most (each connection keeps a plan of each it has run). */
const MAX_PREPARED = 500;
/** Texts counted at most before the count starts again (texts that vary, like long IN lists, never repeat). */
const MAX_COUNTED = 20_000;

const counts = new Map<string, number>();
const names = new Map<string, string>();

/** The prepared statement name of a text, once it has come often enough; undefined until then. */
function statementName(text: string): string | undefined {
  const name = names.get(text);
  if (name || names.size >= MAX_PREPARED) return name;
  const count = (counts.get(text) ?? 0) + 1;
  if (count < PREPARE_AFTER) {
    if (counts.size >= MAX_COUNTED) counts.clear();
    counts.set(text, count);
    return undefined;
  }
  counts.delete(text);
  const named = `sinag_${names.size + 1}`;
  names.set(text, named);
  return named;
}

/**
 * A pg client that runs the statements the application sends again and again (almost all: Kysely compiles the
 * same query to the same text) as named prepared statements. PostgreSQL then parses each once per connection,
 * and plans it once when a generic plan serves (its choice), instead of on every call: for the short statements
 * of a request that was a third of its CPU. Statements without parameters (begin, commit, DDL) are sent as
 * they are. A schema change while a server runs can fail a prepared `select *` once ("cached plan must not
 * change result type"); migrations run at start, before any statement.
 */
export class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length && args.length === 2) {
      const name = statementName(text);
      if (name) return super.query({ name, text, values }) as never;
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

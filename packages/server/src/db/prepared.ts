import pg from 'pg';
import { BEGIN_STATEMENT, beginIsPrepared, OpeningQuery } from './opening-query.ts';

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

/** What pg answers for a command that ran; also the answer for a `begin` or an empty transaction not yet sent. */
const done = (command: string): pg.QueryResult => ({ command, rowCount: null, oid: 0, fields: [], rows: [] });

/**
 * A pg client that runs the statements the application sends again and again (almost all: Kysely compiles the
 * same query to the same text) as named prepared statements. PostgreSQL then parses each once per connection,
 * and plans it once when a generic plan serves (its choice), instead of on every call: for the short statements
 * of a request that was a third of its CPU. Statements without parameters (begin, commit, DDL) are sent as
 * they are. A schema change while a server runs can fail a prepared `select *` once ("cached plan must not
 * change result type"); migrations run at start, before any statement.
 *
 * It also holds back the `begin` of a transaction (Kysely's, the only `begin` sent with an empty parameter
 * list) and sends it with the transaction's first statement in one round trip ({@link OpeningQuery}); a
 * transaction that ends before any statement is never sent at all.
 */
export class PreparingClient extends pg.Client {
  #beginHeld = false;

  override query(...args: unknown[]): never {
    const [text, values] = args;
    const kyselyCall = typeof text === 'string' && Array.isArray(values) && args.length === 2;
    if (kyselyCall && text === 'begin' && !values.length && !this.#beginHeld) {
      if (!beginIsPrepared(this)) return this.#send({ name: BEGIN_STATEMENT, text, values });
      this.#beginHeld = true;
      return Promise.resolve(done('BEGIN')) as never;
    }
    if (this.#beginHeld) {
      this.#beginHeld = false;
      if (kyselyCall && !values.length && (text === 'commit' || text === 'rollback'))
        return Promise.resolve(done(text.toUpperCase())) as never;
      if (kyselyCall && values.length) {
        const config = { name: statementName(text), text, values };
        return new Promise((resolve, reject) => {
          super.query(
            new OpeningQuery(config, undefined, (error: Error | undefined, result: unknown) =>
              error ? reject(error) : resolve(result),
            ),
          );
        }) as never;
      }
      // Anything else (a cursor, a statement without parameters) waits for a `begin` of its own, queued first.
      (this.#send({ name: BEGIN_STATEMENT, text: 'begin', values: [] }) as Promise<unknown>).catch(() => {});
    }
    if (kyselyCall && values.length) {
      const name = statementName(text);
      if (name) return this.#send({ name, text, values });
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }

  #send(config: pg.QueryConfig): never {
    return super.query(config) as never;
  }
}

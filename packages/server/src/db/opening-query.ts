import pg from 'pg';

/** The name `begin` is prepared under on each connection, so that later transactions only bind and run it. */
export const BEGIN_STATEMENT = 'sinag_begin';

/** The parts of pg's connection and query this module reaches into (pg's own types leave them out). */
interface WireConnection {
  parsedStatements: Record<string, string>;
  bind(message: { statement: string; portal: string; values: unknown[] }): void;
  execute(message: { portal: string }): void;
}
interface QueryInternals {
  prepare(connection: WireConnection): void;
  handleCommandComplete(message: unknown, connection: WireConnection): void;
}
const base = pg.Query.prototype as unknown as QueryInternals;

/** Whether `begin` is already prepared on this client's connection (see {@link OpeningQuery}). */
export function beginIsPrepared(client: pg.Client): boolean {
  return (client.connection as unknown as WireConnection).parsedStatements[BEGIN_STATEMENT] !== undefined;
}

/**
 * The first statement of a transaction, sent in one write with the `begin` that opens it: PostgreSQL runs
 * the two in order and answers once, so the transaction costs a round trip fewer (and the backend one wake-up
 * fewer). Only for a single statement with parameters, which pg always sends by the extended protocol; `begin`
 * must already be prepared on the connection, so that no parse of it can be mistaken for the statement's own.
 */
export class OpeningQuery extends pg.Query {
  #begun = false;

  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: WireConnection): void {
    connection.bind({ statement: BEGIN_STATEMENT, portal: '', values: [] });
    connection.execute({ portal: '' });
    base.prepare.call(this, connection);
  }

  /** The first command to complete is the `begin`: not part of the statement's result. */
  handleCommandComplete(message: unknown, connection: WireConnection): void {
    if (!this.#begun) {
      this.#begun = true;
      return;
    }
    base.handleCommandComplete.call(this, message, connection);
  }
}

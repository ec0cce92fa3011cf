import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';
import { createRequire } from 'node:module';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

const { parseResults } = parse;
/** node-postgres's text form of a parameter (dates, arrays, JSON, buffers), so PGlite gets what PostgreSQL gets. */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as {
  prepareValue: (value: unknown) => unknown;
};

/**
 * Kysely dialect for PGlite. PGlite is one connection, so the driver hands it out to one caller at a time:
 * a transaction holds it until commit, and other queries wait instead of interleaving with it.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly client: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.client);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters use the simple protocol, which allows several statements (migrations).
    const result = query.parameters.length
      ? await this.extendedQuery<R>(query.sql, query.parameters)
      : ((await this.client.exec(query.sql)).at(-1) as Results<R>);
    return {
      rows: result.rows,
      ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  /**
   * A statement with parameters, as one protocol message: parse, bind, describe, execute and sync. PGlite's
   * own `query` makes five calls into PostgreSQL for each statement, the first to describe it and learn its
   * parameters' types. The values go as text in the form node-postgres gives them, so both databases receive
   * the same parameters. (Named prepared statements, as on PostgreSQL, were tried: a plan made while a table
   * was still empty stayed in use until the next `ANALYZE`, and linking slowed twentyfold.)
   */
  private async extendedQuery<R>(text: string, parameters: readonly unknown[]): Promise<Results<R>> {
    const message = Buffer.concat([
      protocol.serialize.parse({ text }),
      protocol.serialize.bind({
        values: parameters.map((value) => prepareValue(value) as string | Buffer | null),
      }),
      protocol.serialize.describe({ type: 'P' }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ]);
    const { messages } = await this.client.execProtocol(message, { throwOnError: false });
    const error = messages.find((m) => m.name === 'error');
    if (error) throw error;
    return parseResults(messages, this.client.parsers)[0] as Results<R>;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results');
  }
}

class PGliteDriver implements Driver {
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;
  private readonly connection: PGliteConnection;

  constructor(private readonly client: PGlite) {
    this.connection = new PGliteConnection(client);
  }

  async init(): Promise<void> {
    await this.client.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.release = release;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.client.close();
  }
}

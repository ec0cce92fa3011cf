import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DatabaseKind } from './db/database.ts';
import type { Database } from './db/schema.ts';

/** What route handlers and commands share: the database and the configuration. */
export interface Services {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  config: Config;
  version: string;
}

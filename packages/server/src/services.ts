import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DatabaseKind } from './db/database.ts';
import type { Database } from './db/schema.ts';
import type { Vault } from './vault/vault.ts';

/** What route handlers and commands share: the database, the configuration and the vault. */
export interface Services {
  db: Kysely<Database>;
  vault: Vault;
  dbKind: DatabaseKind;
  config: Config;
  version: string;
}

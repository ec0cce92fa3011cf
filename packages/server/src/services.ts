import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { DatabaseKind } from './db/database.ts';
import type { Database } from './db/schema.ts';
import type { ServerEvents } from './events.ts';
import type { Geolocator } from './geo/geolocator.ts';
import type { HashSetIndex } from './matching/hash-set-index.ts';
import type { Vault } from './vault/vault.ts';

/** What route handlers and commands share: the database, the configuration, the vault and the event bus. */
export interface Services {
  db: Kysely<Database>;
  vault: Vault;
  dbKind: DatabaseKind;
  config: Config;
  version: string;
  /** `hashSetsChanged` fires after a set is created, changed (renamed, enabled, disabled…), deleted or imported into. */
  events: ServerEvents;
  /** Every hash set's entries in memory, for matching (kept up to date by `matching/worker.ts`). */
  hashIndex: HashSetIndex;
  /** IP addresses to places, from the IP database held in memory. */
  geolocator: Geolocator;
}

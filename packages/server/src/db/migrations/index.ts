import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_victims_and_documents.ts';

/** Numbered migrations, applied in order on PGlite and PostgreSQL alike. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_victims_and_documents': m0002,
};

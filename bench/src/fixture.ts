import type { Role } from '@sinag/core';
import {
  bootstrap,
  createUser,
  issueToken,
  loadConfig,
  migrateToLatest,
  openDatabase,
  startAuditSealer,
  SYSTEM_ACTOR,
  VERSION,
  createServerEvents,
  HashSetIndex,
  Geolocator,
  startBackgroundWork,
  type AuditActor,
  type Db,
  type Services,
} from '@sinag/server';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Vault } from '../../packages/server/src/vault/vault.ts';
import type { BenchDatabase } from './options.ts';

/** A fresh, migrated, bootstrapped database that exists for one benchmark run only. */
export interface Fixture {
  services: Services;
  database: BenchDatabase;
  /** Where the data lives, for the report: a temp folder or a PostgreSQL schema. */
  storage: string;
  databaseVersion: string;
  /** The intake organisation and its admin: what a bulk import is owned by and audited as. */
  intake: { organisationId: string; adminId: string; admin: AuditActor };
  close(): Promise<void>;
}

export interface BenchUser {
  userId: string;
  organisationId: string;
  username: string;
  password: string;
}

/** Settings as a default server has them, minus the demo data; the database is opened here, not from env. */
function benchConfig() {
  return loadConfig({ LOG_LEVEL: 'info', SINAG_DEMO: 'false' });
}

/**
 * `keptSchema` names a PostgreSQL schema that outlives the run, for a dataset too big to build every time
 * (it is created if missing, migrated, and never dropped).
 */
export async function openFixture(
  database: BenchDatabase,
  postgresUrl: string,
  keptSchema?: string,
): Promise<Fixture> {
  let dataDir: string | undefined;
  let schema: string | undefined;
  if (keptSchema) {
    if (database !== 'postgres') throw new Error('a kept dataset lives in PostgreSQL only');
    schema = keptSchema;
  } else if (database === 'pglite') {
    // On disk, as `sinag start` runs it, not in memory.
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sinag-bench-'));
  } else {
    schema = `bench_${randomBytes(6).toString('hex')}`;
  }
  const removeDir = () => dataDir && rmSync(dataDir, { recursive: true, force: true });

  let db: Db;
  try {
    db = await openDatabase(database === 'pglite' ? { dataDir } : { url: postgresUrl, schema });
  } catch (error) {
    removeDir();
    throw error;
  }
  const services: Services = {
    db: db.db,
    dbKind: db.kind,
    config: benchConfig(),
    // A throw-away key, as the tests use: nothing encrypted here outlives the run.
    vault: new Vault(randomBytes(32)),
    version: VERSION,
    events: createServerEvents(),
    hashIndex: new HashSetIndex(),
    geolocator: await Geolocator.open(),
  };
  // The background work a server does as it takes referrals in: sealing the audit chain, matching files,
  // scoring referrals again as facts arrive.
  let sealer: { stop(): Promise<void> } | undefined;
  let background: { stop(): Promise<void> } | undefined;
  const close = async () => {
    try {
      await background?.stop();
      await sealer?.stop();
      if (schema && !keptSchema) await db.db.schema.dropSchema(schema).ifExists().cascade().execute();
    } finally {
      await db.close();
      removeDir();
    }
  };
  try {
    await migrateToLatest(db.db);
    sealer = startAuditSealer(db.db);
    await bootstrap(services, { adminPassword: `bench-${randomBytes(12).toString('hex')}` });
    background = startBackgroundWork(services);
    const admin = await db.db
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const version = await db.db
      .selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('server_version')]).as('v'))
      .executeTakeFirstOrThrow();
    return {
      services,
      database,
      databaseVersion:
        database === 'pglite'
          ? `PGlite ${pgliteVersion()} (PostgreSQL ${version.v})`
          : `PostgreSQL ${version.v}`,
      storage: dataDir
        ? `PGlite folder on disk (${dataDir})`
        : `PostgreSQL schema ${schema} at ${redact(postgresUrl)}`,
      intake: {
        organisationId: admin.organisation_id,
        adminId: admin.id,
        admin: { userId: admin.id, name: 'admin', organisationId: admin.organisation_id, ip: null },
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A user of the role, with its password: an account as a platform or an analyst would have. */
export async function createBenchUser(
  services: Services,
  role: Role,
  organisation: string,
  organisationKind: 'platform' | 'national-center' | 'other' = 'other',
): Promise<BenchUser> {
  const username = `bench-${role}-${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const { user } = await createUser(services, SYSTEM_ACTOR, {
    username,
    role,
    organisation,
    organisationKind,
    password,
  });
  return { userId: user.id, organisationId: user.organisation.id, username, password };
}

/** An API token for the user, issued (and audited) as the user issuing it for themself over loopback. */
export async function issueBenchToken(services: Services, user: BenchUser): Promise<string> {
  const by: AuditActor = {
    userId: user.userId,
    name: user.username,
    organisationId: user.organisationId,
    ip: '127.0.0.1',
  };
  const { token } = await issueToken(services, by, user.userId, 'bench');
  return token;
}

/** The installed PGlite package's version (its package.json is not exported, so it is found on disk). */
function pgliteVersion(): string {
  try {
    let dir = path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
    for (let up = 0; up < 5; up++, dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version ?? 'unknown';
    }
  } catch {
    // fall through
  }
  return 'unknown';
}

/** A connection string without its password, for reports. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

import type { FastifyInstance } from 'fastify';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import { buildApp } from './app.ts';
import { startAuditSealer } from './audit/log.ts';
import { Geolocator } from './geo/geolocator.ts';
import { HashSetIndex } from './matching/hash-set-index.ts';
import { startBackgroundWork } from './background-work.ts';
import { newPassword } from './auth/secrets.ts';
import { issueToken } from './auth/service.ts';
import type { Config } from './config.ts';
import { migrateToLatest, openDatabase, type Db } from './db/database.ts';
import { loadDemo, type DemoResult } from './demo/service.ts';
import type { Services } from './services.ts';
import { bootstrap, createUser, findUserId, intakeOrganisationId, SYSTEM_ACTOR } from './users/service.ts';
import { createServerEvents } from './events.ts';
import { VERSION } from './version.ts';
import { loadVaultKey, parsePreviousKeys, Vault } from './vault/vault.ts';

/** What a running server writes into the embedded database's folder, so the CLI can reach it. */
export interface ServerLock {
  pid: number;
  url: string;
  /** An API token of the `local-cli` account, readable only by the owner of the folder. */
  token: string;
}

export const LOCK_FILE = 'server.json';
const CLI_USER = 'local-cli';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The lock of a live server using this data folder, if any (a stale one is ignored). */
export function readServerLock(dataDir: string): ServerLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as ServerLock;
    return isAlive(lock.pid) ? lock : undefined;
  } catch {
    return undefined;
  }
}

/** Opens the configured database and brings its schema up to date. */
export async function openServices(config: Config): Promise<Services & { close(): Promise<void> }> {
  if (!config.databaseUrl) {
    const holder = readServerLock(config.dataDir);
    if (holder && holder.pid !== process.pid) {
      throw new Error(
        `The embedded database in ${config.dataDir} is in use by a Sinag server (pid ${holder.pid}, ${holder.url}).`,
      );
    }
    mkdirSync(config.dataDir, { recursive: true });
  }
  // First, so a missing IP database or a malformed key stops start-up before anything is opened.
  const geolocator = await Geolocator.open();
  const vault = new Vault(
    loadVaultKey(config.encryptionKey, config.dataDir),
    parsePreviousKeys(config.previousEncryptionKeys),
  );
  const database: Db = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'db'),
  });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const sealer = startAuditSealer(database.db);
  return {
    db: database.db,
    dbKind: database.kind,
    config,
    vault,
    version: VERSION,
    events: createServerEvents(),
    hashIndex: new HashSetIndex(),
    geolocator,
    async close() {
      await sealer.stop();
      await database.close();
    },
  };
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  services: Services;
  /** The admin password when it was generated on this (first) start. */
  adminPassword?: string;
  demo: DemoResult;
  close(): Promise<void>;
}

/** The account the local CLI acts as while the server holds the embedded database. */
async function cliToken(services: Services): Promise<string> {
  let userId = await findUserId(services, CLI_USER);
  if (!userId) {
    const organisation = await services.db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', await intakeOrganisationId(services))
      .executeTakeFirstOrThrow();
    const created = await createUser(services, SYSTEM_ACTOR, {
      username: CLI_USER,
      displayName: 'Local command line',
      role: 'admin',
      organisation: organisation.name,
      password: newPassword(),
    });
    userId = created.user.id;
  }
  const { token } = await issueToken(
    services,
    SYSTEM_ACTOR,
    userId,
    `server ${process.pid}`,
    new Date(Date.now() + 30 * 86400_000),
  );
  return token;
}

export async function startServer(
  config: Config,
  options: { logStream?: DestinationStream } = {},
): Promise<RunningServer> {
  const services = await openServices(config);
  try {
    const first = await bootstrap(services, { adminPassword: config.adminPassword });
    let demo: DemoResult = { loaded: false, referrals: 0, worked: 0, cases: 0, paymentAlerts: 0 };
    if (first.created && config.loadDemo) {
      const admin = await services.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow();
      demo = await loadDemo(services, { ...SYSTEM_ACTOR, userId: admin.id, name: 'admin' });
    }
    const app = await buildApp(services, options);
    const background = startBackgroundWork(services);
    app.addHook('onClose', () => background.stop());
    const token = config.databaseUrl ? undefined : await cliToken(services);
    const lockPath = path.join(config.dataDir, LOCK_FILE);
    if (token) {
      // The CLI token is only for this run of the server.
      app.addHook('onClose', async () => {
        await services.db
          .updateTable('api_tokens')
          .set({ revoked_at: new Date() })
          .where('name', '=', `server ${process.pid}`)
          .where('revoked_at', 'is', null)
          .execute();
        rmSync(lockPath, { force: true });
      });
    }
    let url: string;
    try {
      url = (await app.listen({ port: config.port, host: config.host })).replace('[::1]', 'localhost');
    } catch (error) {
      await app.close();
      throw error;
    }
    if (token) {
      writeFileSync(lockPath, JSON.stringify({ pid: process.pid, url, token } satisfies ServerLock), {
        mode: 0o600,
      });
      chmodSync(lockPath, 0o600);
    }
    return {
      url,
      app,
      services,
      demo,
      ...(first.adminPassword ? { adminPassword: first.adminPassword } : {}),
      async close() {
        await app.close();
        await services.close();
      },
    };
  } catch (error) {
    await services.close();
    throw error;
  }
}

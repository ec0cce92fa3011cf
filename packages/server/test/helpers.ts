import type { Role } from '@sinag/core';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { buildApp } from '../src/app.ts';
import { auditActor, startAuditSealer } from '../src/audit/log.ts';
import { Geolocator } from '../src/geo/geolocator.ts';
import { HashSetIndex } from '../src/matching/hash-set-index.ts';
import { startBackgroundWork } from '../src/background-work.ts';
import type { Actor } from '../src/auth/actor.ts';
import { issueToken } from '../src/auth/service.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { migrateToLatest, openDatabase, type DatabaseKind, type Db } from '../src/db/database.ts';
import { migrations } from '../src/db/migrations/index.ts';
import type { Database } from '../src/db/schema.ts';
import type { Services } from '../src/services.ts';
import { bootstrap, createUser } from '../src/users/service.ts';
import { Vault } from '../src/vault/vault.ts';
import { createServerEvents } from '../src/events.ts';
import { VERSION } from '../src/version.ts';

/** The PostgreSQL server tests use: this machine's, unless TEST_DATABASE_URL says otherwise. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Every database-facing suite runs once per kind. */
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

let geolocator: Promise<Geolocator> | undefined;
/** The IP database, opened once per test file: it takes a moment and over 100 MB. */
export function testGeolocator(): Promise<Geolocator> {
  geolocator ??= Geolocator.open();
  return geolocator;
}

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestContext {
  services: Services;
  app: FastifyInstance;
  logs: string[];
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'info' }), ...overrides };
}

/**
 * A fresh database of the given kind, not migrated: PGlite in memory, or a PostgreSQL schema of its own that
 * `close` drops, so suites run in parallel.
 */
export async function openTestDatabase(kind: DatabaseKind, poolSize: number): Promise<Db> {
  if (kind === 'pglite') return openDatabase({});
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase({ url: TEST_POSTGRES_URL, schema, poolSize });
  return {
    ...database,
    async close() {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(database.db);
      await database.close();
    },
  };
}

/** A fresh database of the given kind migrated up to `migration` only: to test a later migration on old rows. */
export async function openDatabaseMigratedTo(kind: DatabaseKind, migration: string): Promise<Db> {
  const database = await openTestDatabase(kind, 2);
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: rows[0]!.schema,
  });
  const { error } = await migrator.migrateTo(migration);
  if (error) {
    await database.close();
    throw error;
  }
  return database;
}

/**
 * A fresh, migrated database of the given kind with the intake organisation and admin, and an app on it.
 * PostgreSQL suites each get their own schema, dropped afterwards, so suites run in parallel.
 */
export async function createTestContext(
  kind: DatabaseKind,
  overrides: Partial<Config> = {},
): Promise<TestContext> {
  const database = await openTestDatabase(kind, 4);
  await migrateToLatest(database.db);
  const sealer = startAuditSealer(database.db);
  const config = testConfig(overrides);
  const services: Services = {
    db: database.db,
    dbKind: database.kind,
    config,
    vault: new Vault(randomBytes(32)),
    version: VERSION,
    events: createServerEvents(),
    hashIndex: new HashSetIndex(),
    geolocator: await testGeolocator(),
  };
  await bootstrap(services, { adminPassword: ADMIN_PASSWORD });
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = await buildApp(services, { logStream });
  await app.ready();
  const background = startBackgroundWork(services, { idleMs: 50 });
  return {
    services,
    app,
    logs,
    async close() {
      await background.stop();
      await app.close();
      await sealer.stop();
      await database.close();
    },
  };
}

export interface TestUser {
  actor: Actor;
  token: string;
  username: string;
  password: string;
}

let userCounter = 0;

/** A user with the role in the organisation (created if new), and an API token for it. */
export async function createTestUser(
  services: Services,
  role: Role,
  organisation = 'National Intake Center',
): Promise<TestUser> {
  const username = `${role}-${++userCounter}-${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const { user } = await createUser(
    services,
    { userId: null, name: 'test', organisationId: null, ip: null },
    { username, role, organisation, password },
  );
  const actor: Actor = {
    userId: user.id,
    username,
    displayName: username,
    role,
    organisationId: user.organisation.id,
    via: 'token',
    ip: '127.0.0.1',
  };
  const { token } = await issueToken(services, auditActor(actor), user.id, 'test');
  return { actor, token, username, password };
}

/** Sends a request as the user (bearer token) and parses the JSON reply. */
export async function call(
  app: FastifyInstance,
  user: TestUser | undefined,
  options: InjectOptions,
): Promise<InjectResponse> {
  return app.inject({
    ...options,
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...options.headers },
  });
}

/** How many rows a table holds: tests compare it before and after a request that must store nothing. */
export async function countRows(services: Services, table: keyof Database): Promise<number> {
  const row = await services.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const BACKGROUND_QUEUES = [
  'match_queue',
  'link_queue',
  'routing_queue',
  'triage_queue',
  'deconfliction_stale',
] as const;

/**
 * Waits until the background loops (matching, linking, routing, re-scoring, deconfliction republishing) have done
 * what was queued: each
 * takes its work off its queue in the transaction that does it, so empty queues mean nothing of theirs is
 * still to come.
 */
export async function backgroundSettled(services: Services, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const queued = async () => {
    let n = 0;
    for (const table of BACKGROUND_QUEUES) n += await countRows(services, table);
    return n;
  };
  while ((await queued()) > 0) {
    if (Date.now() > deadline) throw new Error('the background loops did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A reported person shaped like sampleReferral's (an email, a phone, an IP with its time, a screen name) whose
 * identifiers are new each time: referrals made with it link to nothing, so no linking factor moves a score.
 */
export function unlinkedPerson() {
  const tag = randomBytes(4).toString('hex');
  const n = randomBytes(3).readUIntBE(0, 3) % 10_000_000;
  return {
    role: 'reported',
    identifiers: [
      { kind: 'email', value: `person.${tag}@example.com` },
      { kind: 'phone', value: `0917 ${String(n).padStart(7, '0')}` },
      {
        kind: 'ip',
        value: `112.198.${n % 250}.${(n >> 8) % 250}`,
        observedAt: '2026-09-28T22:05:00Z',
        event: 'Login',
      },
      { kind: 'screen-name', value: `user_${tag}`, service: 'Facebook' },
    ],
    location: { country: 'PH', region: 'VII' },
  };
}

/** A small valid referral in the canonical model. */
export function sampleReferral(overrides: Record<string, unknown> = {}) {
  return {
    source: 'foreign-police',
    receivedAt: '2026-10-01T08:00:00Z',
    externalIds: [{ system: 'foreign-police', id: `NCA-${randomBytes(4).toString('hex')}` }],
    incident: {
      type: 'livestreamed-abuse',
      occurredAt: '2026-09-28T22:00:00Z',
      summary: 'Chat records indicate arranged paid video sessions with a facilitator.',
    },
    reporter: { kind: 'law-enforcement', name: 'UK National Crime Agency', country: 'GB' },
    location: { country: 'PH', region: 'VII', city: 'Cebu City' },
    reportedPersons: [
      {
        role: 'reported',
        identifiers: [
          { kind: 'email', value: '  Facilitator.Demo@Example.COM ' },
          { kind: 'phone', value: '0917 123 4567' },
          { kind: 'ip', value: '112.198.10.20', observedAt: '2026-09-28T22:05:00Z', event: 'Login' },
          { kind: 'screen-name', value: 'IslandStar42', service: 'Facebook' },
        ],
        location: { country: 'PH', region: 'VII' },
      },
    ],
    files: [
      {
        name: 'f1.jpg',
        md5: 'D41D8CD98F00B204E9800998ECF8427E',
        viewedByEsp: false,
        publiclyAvailable: false,
      },
    ],
    ...overrides,
  };
}

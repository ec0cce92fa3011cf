import { openDatabase } from '@sinag/server';
import { sql } from 'kysely';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { TEST_POSTGRES_URL } from '../../server/test/helpers.ts';

/** The real `sinag` executable, run with the same Node as the tests. */
const SINAG = fileURLToPath(new URL('../bin/sinag.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'sinag-cli-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The environment of a `sinag` process: the caller's, minus every Sinag setting the developer may have
 * exported (a DATABASE_URL or SINAG_ADMIN_PASSWORD there would change what the tests see), plus `vars`.
 */
export function cliEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(SINAG_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$)/.test(key)) env[key] = value;
  }
  return { ...env, LOG_LEVEL: 'warn', ...vars };
}

function sinag(args: string[], env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, [SINAG, ...args], { env, stdio: 'pipe' });
}

/** Runs one command to completion; stdin is a pipe (not a TTY) fed with `input`, then closed. */
export function run(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = sinag(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A command may exit without reading its input; that is for the assertions to judge, not a crash.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

export interface StartedServer {
  url: string;
  /** Only printed on the first start of a data folder. */
  adminPassword: string | undefined;
  pid: number;
  /** Everything printed on stdout so far. */
  output(): string;
  /** Sends SIGTERM (once) and resolves with the exit code: null if it had to be killed. */
  stop(): Promise<number | null>;
}

const START_TIMEOUT_MS = 45_000;
const STOP_TIMEOUT_MS = 15_000;

/** Runs `sinag start` and resolves once its banner is printed; rejects if it exits or hangs first. */
export function startServer(env: NodeJS.ProcessEnv): Promise<StartedServer> {
  const child = sinag(['start'], env);
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stopping: Promise<number | null> | undefined;
  const stop = () => {
    if (!stopping) {
      child.kill('SIGTERM');
      // Never leave a server behind, even one that ignores SIGTERM (its test then fails on the code).
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      stopping = exited.finally(() => clearTimeout(kill));
    }
    return stopping;
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sinag start printed no banner within ${START_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`));
    }, START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /is running at (http:\/\/\S+)/.exec(stdout)?.[1];
      // The banner is one write, but wait for its last line in case the pipe splits it.
      if (!url || !stdout.includes('Press Ctrl+C to stop.')) return;
      clearTimeout(timer);
      resolve({
        url,
        adminPassword: /Log in: +admin \/ (\S+) +\(shown once/.exec(stdout)?.[1],
        pid: child.pid!,
        output: () => stdout,
        stop,
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`sinag start exited (${code}) before it was running:\n${stdout}\n${stderr}`));
    });
  });
}

/** A JSON request (a POST when there is a body) with an optional bearer token. */
export async function fetchJson<T = Record<string, unknown>>(
  url: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Runs SQL statements on a (stopped) server's embedded database, as someone with file access could. */
export async function runSqlOnEmbedded(dataDir: string, statements: string[]): Promise<void> {
  const database = await openDatabase({ dataDir: path.join(dataDir, 'db') });
  try {
    for (const statement of statements) await sql.raw(statement).execute(database.db);
  } finally {
    await database.close();
  }
}

/** One query on the shared PostgreSQL test database. */
async function pgQuery<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A throw-away schema in the shared test database, and a DATABASE_URL that makes Sinag work inside it
 * (libpq's `options` parameter sets the search_path of every connection).
 */
export async function createPostgresSchema(): Promise<{
  schema: string;
  url: string;
  drop(): Promise<void>;
}> {
  const schema = `cli_${randomBytes(6).toString('hex')}`;
  await pgQuery(`create schema ${schema}`);
  const separator = TEST_POSTGRES_URL.includes('?') ? '&' : '?';
  return {
    schema,
    url: `${TEST_POSTGRES_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => void (await pgQuery(`drop schema if exists ${schema} cascade`)),
  };
}

/** The tables of a schema, to check where Sinag put its data. */
export async function tablesIn(schema: string): Promise<string[]> {
  const rows = await pgQuery<{ table_name: string }>(
    'select table_name from information_schema.tables where table_schema = $1 order by table_name',
    [schema],
  );
  return rows.map((r) => r.table_name);
}

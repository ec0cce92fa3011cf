import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../../server/test/helpers.ts';
import {
  cliEnv,
  createPostgresSchema,
  fetchJson,
  removeDir,
  run,
  runSqlOnEmbedded,
  startServer,
  tablesIn,
  tempDir,
  type StartedServer,
} from './helpers.ts';

/** The start's summary of the demo centre: referrals, how many were worked, the cases and alerts. */
const DEMO_LINE =
  /Demo data: {2}300 synthetic referrals \(\d+ already worked\), 7 cases, [1-9]\d* payment alerts\n/;

/** A step of a scenario: the steps of one scenario share a data folder and run in order. */
const step = it.sequential;

const AUDIT_INTACT = /^Audit log intact: (\d+) entries verified\.\n$/;

interface AuditPage {
  items: { action: string; actorName: string; details: { username?: string } }[];
}

// Nearly all the time goes into `sinag` processes, and on a 2-core machine Vitest gives this project one
// worker. So the tests form two lanes that run side by side, each starting one process at a time: the
// life of an embedded server, and everything else. (Concurrent tests use the `expect` of their context.)
describe.concurrent('sinag', () => {
  // The embedded server's data folder. Its first start comes before both lanes, so that the start-up
  // time is not measured against this file's other processes.
  let dir: string;
  let lockFile: string;
  let credentials: string;
  let env: NodeJS.ProcessEnv;
  const servers: StartedServer[] = [];
  let server: StartedServer;

  beforeAll(async () => {
    dir = tempDir();
    lockFile = path.join(dir, 'server.json');
    credentials = path.join(dir, 'home', 'credentials.json');
    // PORT=0: the system picks a free port and the banner shows the real one.
    env = cliEnv({ SINAG_DATA_DIR: dir, PORT: '0', SINAG_CREDENTIALS: credentials });
    server = await startServer(env);
    servers.push(server);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    removeDir(dir);
  });

  // The life of that folder: commands through the running server, stop, second start, then direct
  // commands and tampering.
  describe('start on an embedded database', () => {
    let lockToken: string;
    let analystToken: string;
    let auditEntries: number;

    step('starts on a free port, printing the admin password and the demo data', async ({ expect }) => {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      expect(server.adminPassword).toMatch(/^\S{12,}$/);
      expect(server.output()).toContain(`Database:   embedded PGlite in ${dir}\n`);
      expect(server.output()).toMatch(DEMO_LINE);
      expect(server.output()).toContain(`API docs:   ${server.url}/api/docs\n`);

      const health = await fetchJson(`${server.url}/api/health`);
      expect(health).toMatchObject({ status: 200, body: { status: 'ok', database: 'pglite' } });
    });

    step('writes server.json, readable only by its owner, for the CLI to find the server', ({ expect }) => {
      const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; url: string; token: string };
      expect(lock).toMatchObject({
        pid: server.pid,
        url: server.url,
        token: expect.stringMatching(/^sinag_/),
      });
      expect(statSync(lockFile).mode & 0o777).toBe(0o600);
      lockToken = lock.token;
    });

    step(
      'runs user, token, demo and audit commands through the API of the running server',
      async ({ expect }) => {
        const created = await run(
          ['user', 'create', 'erin', '--org', 'National Intake Center', '--role', 'analyst'],
          env,
        );
        expect(created.code).toBe(0);
        const password =
          /^Created erin \(analyst\) in National Intake Center\.\nPassword \(shown once\): (\S+)\n$/.exec(
            created.stdout,
          )?.[1];
        expect(password).toBeDefined();
        // The printed password is erin's real one.
        const login = await fetchJson(`${server.url}/api/v1/auth/tokens`, {
          body: { username: 'erin', password, name: 'test' },
        });
        expect(login.status).toBe(201);

        const issued = await run(['token', 'create', '--user', 'erin'], env);
        expect(issued.stdout).toMatch(/^sinag_\S+\n$/);
        analystToken = issued.stdout.trim();
        // The token works, and erin's organisation holds the demo referrals.
        const referrals = await fetchJson(`${server.url}/api/v1/referrals`, { token: analystToken });
        expect(referrals).toMatchObject({ status: 200, body: { total: 300 } });

        // Proof that the user was created through the API: the audit log names the server's CLI account.
        const audit = await fetchJson<AuditPage>(`${server.url}/api/v1/audit?entityType=user`, {
          token: lockToken,
        });
        const entry = audit.body.items.find(
          (e) => e.action === 'user.create' && e.details.username === 'erin',
        );
        expect(entry?.actorName).toBe('local-cli');

        expect(await run(['demo', 'load'], env)).toMatchObject({
          code: 0,
          stdout: 'Demo data was already loaded (use --force to add more).\n',
        });
        expect(await run(['audit', 'verify'], env)).toMatchObject({
          code: 0,
          stdout: expect.stringMatching(AUDIT_INTACT),
        });
      },
    );

    step('refuses to open the database the running server holds', async ({ expect }) => {
      const result = await run(['migrate'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`is in use by a Sinag server (pid ${server.pid}, ${server.url})`);
    });

    step('login saves a token got with the password on stdin, and whoami uses it', async ({ expect }) => {
      expect(await run(['whoami'], env)).toMatchObject({
        code: 1,
        stderr: 'sinag: not logged in: run `sinag login` first\n',
      });

      const loginArgs = ['login', '--url', server.url, '--username', 'admin'];
      const wrong = await run(loginArgs, env, 'not-the-password\n');
      expect(wrong).toMatchObject({ code: 1, stderr: 'sinag: Invalid username or password.\n' });
      expect(existsSync(credentials)).toBe(false);

      const login = await run(loginArgs, env, `${server.adminPassword}\n`);
      expect(login).toMatchObject({
        code: 0,
        stdout: `Logged in to ${server.url} as admin; token saved in ${credentials}.\n`,
      });
      expect(statSync(credentials).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(credentials, 'utf8'))).toMatchObject({
        url: server.url,
        username: 'admin',
        token: expect.stringMatching(/^sinag_/),
      });
      expect((await run(['whoami'], env)).stdout).toBe(
        `admin (admin) of National Intake Center at ${server.url}\n`,
      );
    });

    step('stops on SIGTERM with exit code 0 and removes server.json', async ({ expect }) => {
      expect(await server.stop()).toBe(0);
      expect(existsSync(lockFile)).toBe(false);
    });

    step(
      'keeps its data on a second start: no new admin password, no second demo load',
      async ({ expect }) => {
        const again = await startServer(env);
        servers.push(again);
        expect(again.adminPassword).toBeUndefined();
        expect(again.output()).toContain('Log in:     admin / (the password printed on the first start)\n');
        expect(again.output()).not.toContain('Demo data:');

        const referrals = await fetchJson(`${again.url}/api/v1/referrals`, { token: analystToken });
        expect(referrals).toMatchObject({ status: 200, body: { total: 300 } });
        // The first run's CLI token was revoked when it stopped; the token saved by `sinag login` lasts
        // (checked directly: the saved URL has the first run's port).
        expect((await fetchJson(`${again.url}/api/v1/auth/session`, { token: lockToken })).status).toBe(401);
        const saved = JSON.parse(readFileSync(credentials, 'utf8')) as { token: string };
        expect(await fetchJson(`${again.url}/api/v1/auth/session`, { token: saved.token })).toMatchObject({
          status: 200,
          body: { user: { username: 'admin' } },
        });

        expect(await again.stop()).toBe(0);
      },
    );

    step('works directly on the database once no server runs, despite a stale lock', async ({ expect }) => {
      // A server killed without cleaning up leaves its lock behind: a dead pid must not send commands
      // to an address where nothing answers.
      writeFileSync(
        lockFile,
        JSON.stringify({ pid: server.pid, url: 'http://127.0.0.1:9', token: 'sinag_x' }),
      );
      const forced = await run(['demo', 'load', '--count', '5', '--force'], env);
      expect(forced.code).toBe(0);
      // A forced load adds referrals, worked like the first ones; the cases and payments came once.
      expect(forced.stdout).toMatch(/^Loaded 5 demo referrals \([0-5] worked\)\.\n$/);
      const verified = await run(['audit', 'verify'], env);
      expect(verified.code).toBe(0);
      auditEntries = Number(AUDIT_INTACT.exec(verified.stdout)?.[1]);
      expect(auditEntries).toBeGreaterThan(300);
    });

    // Each case tampers with its own copy of the stopped server's database (copying is cheaper than
    // creating one), as someone with access to the files or a database superuser could.
    describe.sequential('audit verify after tampering', () => {
      const copies: string[] = [];
      afterAll(() => copies.forEach(removeDir));

      async function tamperedCopy(statements: string[]): Promise<NodeJS.ProcessEnv> {
        const copy = tempDir();
        copies.push(copy);
        cpSync(path.join(dir, 'db'), path.join(copy, 'db'), { recursive: true });
        // Triggers keep the tables append-only; the owner of the database can switch them off.
        await runSqlOnEmbedded(copy, [
          'alter table audit_log disable trigger audit_log_append_only',
          'alter table audit_seals disable trigger audit_seals_append_only',
          ...statements,
        ]);
        return { ...env, SINAG_DATA_DIR: copy };
      }

      it('names a changed entry', async ({ expect }) => {
        const copyEnv = await tamperedCopy(["update audit_log set action = 'tampered' where seq = 5"]);
        expect(await run(['audit', 'verify'], copyEnv)).toMatchObject({
          code: 1,
          stderr:
            'sinag: audit log broken at entry 5: its content does not match its hash (5 entries read)\n',
        });
      });

      it('notices the newest entries being removed, from the head the log keeps', async ({ expect }) => {
        const last = auditEntries;
        const copyEnv = await tamperedCopy([
          'delete from audit_seals where position > (select max(position) - 2 from audit_seals)',
          'delete from audit_log where seq not in (select seq from audit_seals)',
        ]);
        const result = await run(['audit', 'verify'], copyEnv);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          `audit log broken at entry ${last - 1}: the chain ends at position ${last - 2} but its head records position ${last}`,
        );
      });
    });
  });

  // The other lane: each group below runs after the previous one.
  describe('without a running embedded server', () => {
    // None of these reach a database: commander or the configuration check stops them first. The data
    // folder is there so that a regression which does open a database cannot touch a real one.
    describe.sequential('usage', () => {
      let dir: string;
      let env: NodeJS.ProcessEnv;
      beforeAll(() => {
        dir = tempDir();
        env = cliEnv({ SINAG_DATA_DIR: dir });
      });
      afterAll(() => removeDir(dir));

      const helpCases: [args: string[], mentions: string[]][] = [
        [[], ['start', 'migrate', 'user', 'token', 'demo', 'audit', 'login', 'whoami', 'DATABASE_URL']],
        [['start'], ['--no-demo']],
        [['migrate'], ['Bring the database schema up to date']],
        [
          ['user', 'create'],
          ['<username>', '--org <name>', '--role <role>', '"analyst"', '--password-stdin'],
        ],
        [
          ['token', 'create'],
          ['--user <username>', '--name <name>'],
        ],
        [
          ['demo', 'load'],
          ['--count <n>', '--seed <n>', '--force'],
        ],
        [['audit', 'verify'], ['Re-compute the hash chain']],
        [['login'], ['--url <url>', '--username <name>', '--token-name <name>']],
        [
          ['deconfliction', 'export'],
          ['--output <file>', 'JSON lines of HMACs'],
        ],
        [['deconfliction', 'import'], ['<file>']],
      ];
      it.for(helpCases)('sinag %j --help', async ([args, mentions], { expect }) => {
        const result = await run([...args, '--help'], env);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`Usage: sinag ${args.join(' ')}`.trimEnd());
        for (const text of mentions) expect(result.stdout).toContain(text);
      });

      const errorCases: [what: string, args: string[], vars: Record<string, string>, message: string][] = [
        [
          'an unknown role',
          ['user', 'create', 'x', '--org', 'X', '--role', 'boss'],
          {},
          "argument 'boss' is invalid. Allowed choices are admin",
        ],
        [
          'a missing organisation',
          ['user', 'create', 'x', '--role', 'analyst'],
          {},
          "required option '--org <name>' not specified",
        ],
        [
          'a non-numeric demo count',
          ['demo', 'load', '--count', 'abc'],
          {},
          "argument 'abc' is invalid. expected an integer",
        ],
        ['an invalid PORT', ['migrate'], { PORT: 'eighty' }, 'sinag: Invalid configuration:\n  PORT:'],
      ];
      it.for(errorCases)('rejects %s with a clear message', async ([, args, vars, message], { expect }) => {
        const result = await run(args, { ...env, ...vars });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(message);
        expect(result.stdout).toBe('');
      });
    });

    // Commands on an embedded database that no server has ever started: they open it themselves.
    describe.sequential('direct mode on a fresh embedded database', () => {
      let dir: string;
      let env: NodeJS.ProcessEnv;
      beforeAll(() => {
        dir = tempDir();
        env = cliEnv({ SINAG_DATA_DIR: dir });
      });
      afterAll(() => removeDir(dir));

      it('migrate creates the database and says so', async ({ expect }) => {
        const result = await run(['migrate'], env);
        expect(result).toMatchObject({
          code: 0,
          stdout: 'Database schema is up to date (pglite).\n',
          stderr: '',
        });
        expect(existsSync(path.join(dir, 'db', 'PG_VERSION'))).toBe(true);
        // No server holds the folder, so nothing may claim it does.
        expect(existsSync(path.join(dir, 'server.json'))).toBe(false);
      });

      it('user create prints the user and a generated password, and refuses a taken username', async ({
        expect,
      }) => {
        const created = await run(
          ['user', 'create', 'alice', '--org', 'Cebu City Police Office', '--role', 'analyst'],
          env,
        );
        expect(created.code).toBe(0);
        expect(created.stdout).toMatch(
          /^Created alice \(analyst\) in Cebu City Police Office\.\nPassword \(shown once\): \S{12,}\n$/,
        );

        const again = await run(['user', 'create', 'alice', '--org', 'Other', '--role', 'admin'], env);
        expect(again).toMatchObject({ code: 1, stderr: 'sinag: username: "alice" is already taken\n' });
      });

      it('user create --password-stdin takes the password from stdin and prints none', async ({ expect }) => {
        const result = await run(
          [
            'user',
            'create',
            'bert',
            '--org',
            'Cebu City Police Office',
            '--role',
            'investigator',
            '--password-stdin',
          ],
          env,
          'a-long-enough-password\n',
        );
        expect(result).toMatchObject({
          code: 0,
          stdout: 'Created bert (investigator) in Cebu City Police Office.\n',
        });
      });

      it('token create prints a sinag_ token, and names a user that does not exist', async ({ expect }) => {
        const issued = await run(['token', 'create', '--user', 'alice', '--name', 'scripts'], env);
        expect(issued).toMatchObject({ code: 0, stdout: expect.stringMatching(/^sinag_[\w-]{30,}\n$/) });

        const unknown = await run(['token', 'create', '--user', 'nobody'], env);
        expect(unknown).toMatchObject({ code: 1, stderr: 'sinag: no user named "nobody"\n' });
      });

      it('demo load asks for a first start: there is no intake organisation yet', async ({ expect }) => {
        expect(await run(['demo', 'load'], env)).toMatchObject({
          code: 1,
          stderr: 'sinag: No intake organisation is configured yet: start the server once.\n',
        });
      });

      it('audit verify finds the chain these commands wrote intact', async ({ expect }) => {
        const result = await run(['audit', 'verify'], env);
        expect(result.code).toBe(0);
        // At least: the organisation, two users and a token.
        expect(Number(AUDIT_INTACT.exec(result.stdout)?.[1])).toBeGreaterThanOrEqual(4);
      });
    });

    // With DATABASE_URL set, Sinag keeps everything in PostgreSQL: here in a schema of its own, dropped
    // afterwards, so that the shared test database stays clean.
    describe.sequential('with DATABASE_URL (PostgreSQL)', () => {
      let dir: string;
      let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
      let env: NodeJS.ProcessEnv;
      let server: StartedServer | undefined;

      beforeAll(async () => {
        dir = tempDir();
        schema = await createPostgresSchema();
        env = cliEnv({ DATABASE_URL: schema.url, SINAG_DATA_DIR: dir, PORT: '0' });
      });
      afterAll(async () => {
        await server?.stop();
        await schema?.drop();
        removeDir(dir);
      });

      it('migrate creates the tables in PostgreSQL, not an embedded database', async ({ expect }) => {
        expect(await run(['migrate'], env)).toMatchObject({
          code: 0,
          stdout: 'Database schema is up to date (postgres).\n',
        });
        expect(await tablesIn(schema.schema)).toEqual(
          expect.arrayContaining(['audit_head', 'audit_log', 'referrals', 'users']),
        );
        expect(existsSync(path.join(dir, 'db'))).toBe(false);
      });

      it('start serves from PostgreSQL and loads the demo data', async ({ expect }) => {
        server = await startServer(env);
        expect(server.adminPassword).toMatch(/^\S{12,}$/);
        expect(server.output()).toContain(`Database:   PostgreSQL (${new URL(TEST_POSTGRES_URL).host})\n`);
        expect(server.output()).toMatch(DEMO_LINE);
        expect(await fetchJson(`${server.url}/api/health`)).toMatchObject({
          status: 200,
          body: { status: 'ok', database: 'postgres' },
        });
        // PostgreSQL is shared by design, so the server leaves no lock for the CLI to follow.
        expect(existsSync(path.join(dir, 'server.json'))).toBe(false);
      });

      it('commands work directly on the database while the server runs', async ({ expect }) => {
        const created = await run(
          ['user', 'create', 'gil', '--org', 'National Intake Center', '--role', 'supervisor'],
          env,
        );
        expect(created).toMatchObject({
          code: 0,
          stdout: expect.stringMatching(/^Created gil \(supervisor\) in National Intake Center\.\n/),
        });
        const issued = await run(['token', 'create', '--user', 'gil'], env);
        expect(issued.stdout).toMatch(/^sinag_\S+\n$/);
        // The running server sees what the command wrote.
        const referrals = await fetchJson(`${server!.url}/api/v1/referrals`, { token: issued.stdout.trim() });
        expect(referrals).toMatchObject({ status: 200, body: { total: 300 } });

        expect(await run(['audit', 'verify'], env)).toMatchObject({
          code: 0,
          stdout: expect.stringMatching(AUDIT_INTACT),
        });
      });

      it('stops on SIGTERM with exit code 0', async ({ expect }) => {
        expect(await server!.stop()).toBe(0);
      });
    });
  });
});

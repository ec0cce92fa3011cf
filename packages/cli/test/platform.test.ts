import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, removeDir, run, startServer, tempDir, type StartedServer } from './helpers.ts';

const CREDENTIALS = /Username: +(\S+)\n {2}Password: +(\S+) +\(shown once/;

async function ispwsStatus(url: string, username: string, password: string) {
  const response = await fetch(`${url}/ispws/status`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  return { status: response.status, body: await response.text() };
}

// One data folder: accounts made directly on the database, then a server that accepts them and makes
// another one through its API.
describe.sequential('sinag platform add', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: StartedServer | undefined;
  const made: { username: string; password: string }[] = [];

  beforeAll(() => {
    dir = tempDir();
    env = cliEnv({ SINAG_DATA_DIR: dir, PORT: '0', SINAG_DEMO: 'false' });
  });
  afterAll(async () => {
    await server?.stop();
    removeDir(dir);
  });

  it('prints a platform-reporter account once, with the base URL to use', async () => {
    const first = await run(['platform', 'add', '--name', 'Example Platform'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [, username, password] = CREDENTIALS.exec(first.stdout) ?? [];
    expect(username).toBe('platform-example-platform');
    expect(password).toMatch(/^\S{12,}$/);
    expect(first.stdout).toContain('Base URL:  http://127.0.0.1:<port>/ispws\n');
    made.push({ username: username!, password: password! });

    const second = await run(
      ['platform', 'add', '--name', 'Example Platform', '--base-url', 'https://sinag.example.org/'],
      env,
    );
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Base URL:  https://sinag.example.org/ispws\n');
    const [, username2, password2] = CREDENTIALS.exec(second.stdout) ?? [];
    expect(username2).toBe('platform-example-platform-2');
    made.push({ username: username2!, password: password2! });
  });

  it('works through a running server, whose /ispws accepts the accounts', async () => {
    server = await startServer(env);
    for (const account of made) {
      const status = await ispwsStatus(server.url, account.username, account.password);
      expect(status.status).toBe(200);
      expect(status.body).toContain('<responseCode>0</responseCode>');
    }
    const third = await run(['platform', 'add', '--name', 'Other Platform'], env);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain(`Base URL:  ${server.url}/ispws\n`);
    const [, username, password] = CREDENTIALS.exec(third.stdout) ?? [];
    expect(username).toBe('platform-other-platform');
    expect((await ispwsStatus(server.url, username!, password!)).status).toBe(200);
    // The account reports and nothing else: no browser session.
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(login.status).toBe(403);
  });
});

import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, removeDir, run, startServer, tempDir, type StartedServer } from './helpers.ts';

const KEY = 'cli-test-federation-key-0123456789abcdef';
const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

/** A publication file as another installation would export it. */
function publicationFile(key: string, identifiers: string[]): string {
  const header = {
    format: 'sinag-deconfliction/1',
    organisation: 'Foreign National Center',
    contact: { name: 'Duty desk', email: 'duty@foreign.example' },
    publishedAt: '2026-11-01T00:00:00.000Z',
    keyCheck: hmac(key, 'sinag-deconfliction-key-check').slice(0, 16),
  };
  return [header, ...identifiers.map((i) => ({ hmac: hmac(key, i) }))]
    .map((l) => JSON.stringify(l))
    .join('\n');
}

describe.sequential('sinag deconfliction', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: StartedServer | undefined;

  beforeAll(() => {
    dir = tempDir();
    env = cliEnv({ SINAG_DATA_DIR: dir, PORT: '0', SINAG_DEMO: 'false', SINAG_FEDERATION_KEY: KEY });
    writeFileSync(
      path.join(dir, 'good.jsonl'),
      publicationFile(KEY, ['email:a@example.org', 'phone:+639170000001']),
    );
    writeFileSync(
      path.join(dir, 'other-key.jsonl'),
      publicationFile(randomBytes(24).toString('hex'), ['email:a@example.org']),
    );
  });
  afterAll(async () => {
    await server?.stop();
    removeDir(dir);
  });

  it('imports through the running server', async () => {
    server = await startServer(env);
    const result = await run(['deconfliction', 'import', path.join(dir, 'good.jsonl')], env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Imported the publication of Foreign National Center \(2 hashes/);
    // Stopped, the server leaves the database to the commands below.
    expect(await server.stop()).toBe(0);
    server = undefined;
  });

  it('imports again on the database directly, replacing the earlier import', async () => {
    const result = await run(['deconfliction', 'import', path.join(dir, 'good.jsonl')], env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      'Imported the publication of Foreign National Center (2 hashes, published 2026-11-01T00:00:00.000Z).\n',
    );
  });

  it('refuses a file made with another federation key, and an export before publishing', async () => {
    const wrong = await run(['deconfliction', 'import', path.join(dir, 'other-key.jsonl')], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/line 1\.keyCheck: the file was made with another federation key/);
    const early = await run(['deconfliction', 'export'], env);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/has not published yet/);
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, removeDir, run, tempDir } from './helpers.ts';

describe('sinag vault rotate', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => removeDir(dir));

  it('re-encrypts under the configured key, and refuses a malformed previous key', async () => {
    const key = randomBytes(32).toString('hex');
    const env = cliEnv({
      SINAG_DATA_DIR: dir,
      SINAG_DEMO: 'false',
      SINAG_ENCRYPTION_KEY: key,
      SINAG_ENCRYPTION_KEY_PREVIOUS: randomBytes(32).toString('base64'),
    });
    const ok = await run(['vault', 'rotate'], env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Re-encrypted 0 entries under key [0-9a-f]{16}\.\n$/);

    const bad = await run(['vault', 'rotate'], { ...env, SINAG_ENCRYPTION_KEY_PREVIOUS: 'short' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('SINAG_ENCRYPTION_KEY_PREVIOUS must be 32 bytes');
  });
});

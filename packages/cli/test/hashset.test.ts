import { readHashList, type HashEntry } from '@sinag/core';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, removeDir, run, startServer, tempDir, type StartedServer } from './helpers.ts';

const VICS_20 = path.resolve(import.meta.dirname, '../../core/test/fixtures/hash-sets/vics-2.0-media.json');

async function vicsEntries(file: string): Promise<HashEntry[]> {
  const entries: HashEntry[] = [];
  for await (const batch of readHashList('vics', [readFileSync(file)])) entries.push(...batch.entries);
  return entries;
}

/** One data folder: directly on the embedded database, then through a server that holds it. */
describe.sequential('sinag hashset', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: StartedServer | undefined;
  const hashes = Array.from({ length: 40 }, () => randomBytes(16).toString('hex'));
  let importList: string[];

  beforeAll(() => {
    dir = tempDir();
    env = cliEnv({ SINAG_DATA_DIR: dir, PORT: '0', SINAG_DEMO: 'false' });
    writeFileSync(
      path.join(dir, 'list.txt'),
      ['# synthetic MD5 list', ...hashes.slice(0, 30), 'xyz', ...hashes.slice(30)].join('\n'),
    );
    importList = ['hashset', 'import', '--name', 'Own list', '--format', 'md5', path.join(dir, 'list.txt')];
  });
  afterAll(async () => {
    await server?.stop();
    removeDir(dir);
  });

  it('imports through the running server: creates the set, reports rejected lines, gzip, export reads back', async () => {
    server = await startServer(env);
    const first = await run([...importList, '--source', 'own', '--threshold', '20'], env);
    expect(first.stderr).toBe('');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toBe(
      [
        'Created hash set "Own list": 41 records read, 40 new, 0 already present, 1 rejected.',
        'Rejected:',
        '  line 32: MD5 must be 32 hexadecimal characters, got "xyz"',
        '',
      ].join('\n'),
    );

    writeFileSync(path.join(dir, 'vics.json.gz'), gzipSync(readFileSync(VICS_20)));
    const imported = await run(
      [
        'hashset',
        'import',
        '--name',
        'VIC sample',
        '--format',
        'vics',
        '--scheme',
        'project-vic-us',
        path.join(dir, 'vics.json.gz'),
      ],
      env,
    );
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(
      /^Created hash set "VIC sample": 4 records read, 2 new, 0 already present, 2 rejected \(VICS 2\.0\)\.\nRejected:\n {2}line \d+: VictimIdentified must be true or false/,
    );

    const out = path.join(dir, 'export.json');
    const exported = await run(['hashset', 'export', '--name', 'VIC sample', out], env);
    expect(exported).toMatchObject({
      code: 0,
      stdout: `Exported 2 entries of "VIC sample" to ${out} (VICS 2.0 JSON).\n`,
    });
    expect(await vicsEntries(out)).toEqual(await vicsEntries(VICS_20));
    const missing = await run(['hashset', 'export', '--name', 'Nope', out], env);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no hash set named "Nope"') });
    expect(await server.stop()).toBe(0);
    server = undefined;
  });

  it('works directly on the database once the server has stopped: the same sets, nothing added twice', async () => {
    const second = await run(importList, env);
    expect(second.stdout).toMatch(
      /^Imported into hash set "Own list": 41 records read, 0 new, 40 already present, 1 rejected\./,
    );
    const list = await run(['hashset', 'list'], env);
    expect(list.stdout.split('\n').slice(0, 3)).toEqual([
      'NAME        KIND   SOURCE  SCHEME          ENTRIES  PDQ  ENABLED',
      'Own list    known  own     unclassified    40       20   yes',
      'VIC sample  known  own     project-vic-us  2        31   yes',
    ]);
    const direct = path.join(dir, 'direct.json');
    await run(['hashset', 'export', '--name', 'Own list', direct], env);
    expect((await vicsEntries(direct)).map((e) => e.md5)).toEqual(hashes);
  });

  it('refuses a kind that does not match the set, and a file of another format', async () => {
    const kind = await run([...importList, '--kind', 'allow'], env);
    expect(kind).toMatchObject({
      code: 1,
      stderr: 'sinag: the hash set "Own list" is known material, not --kind allow\n',
    });
    const format = await run(
      importList.map((a) => (a === 'md5' ? 'sha1' : a)),
      env,
    );
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/^sinag: body: not a SHA-1 list: none of the first 41 records is valid/);
  });
});

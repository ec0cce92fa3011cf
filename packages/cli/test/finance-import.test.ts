import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_LAYOUT, plantedRows, toCsv } from '../../server/test/finance-fixtures.ts';
import { cliEnv, removeDir, run, startServer, tempDir, type StartedServer } from './helpers.ts';

/** One data folder: directly on the embedded database, then through a server that holds it. */
describe.sequential('sinag finance import', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: StartedServer | undefined;
  const rows = plantedRows();

  beforeAll(() => {
    dir = tempDir();
    env = cliEnv({ SINAG_DATA_DIR: dir, PORT: '0', SINAG_DEMO: 'false' });
    const bad = { ...rows[0]!, transaction_id: 'BAD-1', currency: 'XXX1' };
    writeFileSync(path.join(dir, 'payments.csv'), toCsv([...rows, bad]));
    writeFileSync(path.join(dir, 'payments.csv.gz'), gzipSync(toCsv(rows)));
    writeFileSync(path.join(dir, 'other.csv'), OTHER_LAYOUT.csv);
    writeFileSync(path.join(dir, 'mapping.json'), JSON.stringify(OTHER_LAYOUT.mapping));
  });
  afterAll(async () => {
    await server?.stop();
    removeDir(dir);
  });

  it('imports through the running server, lists bad rows by line, and screens', async () => {
    server = await startServer(env);
    const first = await run(
      ['finance', 'import', '--source', 'remitter-a', path.join(dir, 'payments.csv')],
      env,
    );
    expect(first).toMatchObject({ code: 0 });
    const lines = first.stdout.split('\n');
    expect(lines[0]).toBe(
      `Imported from "remitter-a": ${rows.length + 1} rows read, ${rows.length} new, 0 already present, 1 rejected.`,
    );
    expect(lines[1]).toMatch(
      /^Screened \d+ payments \(configuration version 1\): [1-9]\d* alerts raised, 0 updated\.$/,
    );
    expect(lines.slice(2, 4)).toEqual([
      'Rejected:',
      `  line ${rows.length + 2}: currency: must be an ISO 4217 currency code`,
    ]);
  });

  it('imports directly on the database: gzip adds nothing twice, a mapping reads another layout', async () => {
    await server!.stop();
    server = undefined;
    const again = await run(
      ['finance', 'import', '--source', 'remitter-a', path.join(dir, 'payments.csv.gz')],
      env,
    );
    expect(again.stderr).toBe('');
    expect(again.stdout.split('\n')[0]).toBe(
      `Imported from "remitter-a": ${rows.length} rows read, 0 new, ${rows.length} already present, 0 rejected.`,
    );
    const mapped = await run(
      [
        'finance',
        'import',
        '--source',
        'bank-b',
        '--mapping',
        path.join(dir, 'mapping.json'),
        path.join(dir, 'other.csv'),
      ],
      env,
    );
    expect(mapped.stdout.split('\n')[0]).toBe(
      'Imported from "bank-b": 2 rows read, 1 new, 0 already present, 1 rejected.',
    );
  });

  it('names a bad mapping file', async () => {
    writeFileSync(path.join(dir, 'bad.json'), '{"delimiter": ";;"}');
    const res = await run(
      ['finance', 'import', '--mapping', path.join(dir, 'bad.json'), path.join(dir, 'other.csv')],
      env,
    );
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/--mapping .*bad\.json: delimiter: must be one character/);
  });
});

import { DEFAULT_TRANSACTION_COLUMNS } from '@sinag/core';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, removeDir, run, tempDir } from './helpers.ts';

describe('sinag finance generate', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    dir = tempDir();
    env = cliEnv({ SINAG_DATA_DIR: dir });
  });
  afterAll(() => removeDir(dir));

  it('writes the default layout and the labels of the planted parties, the same for the same seed', async () => {
    const out = path.join(dir, 'payments.csv');
    const labels = path.join(dir, 'labels.csv');
    const result = await run(
      ['finance', 'generate', '--seed', '7', '--rows', '3000', '--out', out, '--labels', labels],
      env,
    );
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toMatch(
      /^Wrote 3000 payments to .*payments\.csv: \d+ planted parties, named in .*labels\.csv\.\n$/,
    );

    const text = readFileSync(out, 'utf8');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(text.split('\n')[0]).toBe(DEFAULT_TRANSACTION_COLUMNS.join(','));
    expect(rows).toHaveLength(3000);
    const times = rows.map((r) => Date.parse(r.timestamp!));
    expect(times.every((t, i) => Number.isFinite(t) && (i === 0 || t >= times[i - 1]!))).toBe(true);

    const planted = parse(readFileSync(labels, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(planted.length).toBeGreaterThan(0);
    const senders = new Set(rows.map((r) => r.sender_id));
    const receivers = new Set(rows.map((r) => r.receiver_id));
    for (const label of planted) {
      expect(['payer', 'facilitator', 'extorter']).toContain(label.kind);
      expect((label.role === 'sender' ? senders : receivers).has(label.id!)).toBe(true);
    }

    // Standard output when no --out, byte for byte the same data.
    const again = await run(['finance', 'generate', '--seed', '7', '--rows', '3000'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(text);
    expect(again.stderr).toMatch(/^Wrote 3000 payments: \d+ planted parties\.\n$/);
  });

  it('compresses a .gz output', async () => {
    const out = path.join(dir, 'payments.csv.gz');
    expect((await run(['finance', 'generate', '--seed', '1', '--rows', '50', '--out', out], env)).code).toBe(
      0,
    );
    expect(gunzipSync(readFileSync(out)).toString('utf8').trim().split('\n')).toHaveLength(51);
  });

  it('refuses a count that is not a whole number', async () => {
    const result = await run(['finance', 'generate', '--seed', '1', '--rows', 'many'], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      "option '--rows <n>' argument 'many' is invalid. expected a whole number",
    );
  });
});

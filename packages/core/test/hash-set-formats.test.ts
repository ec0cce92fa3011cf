import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  emptyEntry,
  HashListFormatError,
  readHashList,
  writeVicsJson,
  type HashEntry,
  type HashListFormat,
  type ParsedBatch,
  type RecordError,
} from '../src/index.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/hash-sets');
const NSRL_EXAMPLE = path.resolve(
  import.meta.dirname,
  '../../../../shared/fixtures/vics/projectvic_1.2_media_example.json',
);

const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

async function* chunked(data: Buffer | string, size: number): AsyncGenerator<Buffer | string> {
  for (let i = 0; i < data.length; i += size) yield data.slice(i, i + size);
}

interface Read {
  entries: HashEntry[];
  errors: RecordError[];
  records: number;
  dialect: string | null;
  batches: number;
}

async function read(format: HashListFormat, data: Buffer | string, chunkSize = 64 * 1024, batchSize = 1000) {
  const out: Read = { entries: [], errors: [], records: 0, dialect: null, batches: 0 };
  for await (const batch of readHashList(format, chunked(data, chunkSize), batchSize)) {
    out.entries.push(...batch.entries);
    out.errors.push(...batch.errors);
    out.records = batch.records;
    out.dialect = batch.dialect;
    out.batches++;
  }
  return out;
}

const entry = (fields: Partial<HashEntry>): HashEntry => ({ ...emptyEntry(), ...fields });

describe('Project VIC / VICS JSON', () => {
  it('reads the real 1.2 record (NSRL example)', async () => {
    const result = await read('vics', readFileSync(NSRL_EXAMPLE));
    expect(result.dialect).toBe('1.2');
    expect(result.errors).toEqual([]);
    expect(result.entries).toEqual([
      entry({
        md5: '588cd1c0e48916d8e7403310402d0a68',
        sha1: 'e65706b487c73e992bab2a50707a9fd8b0bd6866',
        category: '8',
        sourceMediaId: '0',
      }),
    ]);
  });

  it('reads 1.3 with a BOM, string booleans and upper-case MD5, and names the bad record', async () => {
    const raw = fixture('vics-1.3.json');
    const doc = JSON.parse(raw.toString('utf8').slice(1)) as { value: Record<string, string>[] };
    const result = await read('vics', raw);
    expect(result.dialect).toBe('1.3');
    expect(result.records).toBe(3);
    expect(result.entries).toEqual([
      entry({
        md5: doc.value[0]!.MD5!.toLowerCase(),
        sha1: doc.value[0]!.SHA1!,
        category: '1',
        victimIdentified: true,
        offenderIdentified: false,
        distributed: true,
        series: 'Synthetic series A',
        sourceMediaId: '1',
      }),
      entry({ md5: doc.value[2]!.MD5!, category: '0', victimIdentified: false, sourceMediaId: '3' }),
    ]);
    const secondStarts = raw
      .toString('utf8')
      .split('\n')
      .findIndex((l) => l.includes('"Media(2)"'));
    expect(result.errors).toEqual([
      {
        record: 2,
        line: secondStarts, // the record's "{" is on the line before its first field
        reason: expect.stringMatching(/^MD5 must be 32 hexadecimal characters/),
      },
    ]);
  });

  it('reads 2.0 #Media: AlternativeHashes carry SHA-256 and PDQ, Series as {Name}, Tags as the label', async () => {
    const raw = fixture('vics-2.0-media.json');
    const doc = JSON.parse(raw.toString()) as {
      value: { MD5: string; SHA1: string; AlternativeHashes: { HashValue: string }[] }[];
    };
    const [first, second] = doc.value;
    const result = await read('vics', raw);
    expect(result.dialect).toBe('2.0');
    expect(result.entries).toEqual([
      entry({
        md5: first!.MD5.toLowerCase(),
        sha1: first!.SHA1.toLowerCase(),
        sha256: first!.AlternativeHashes[0]!.HashValue,
        pdq: first!.AlternativeHashes[1]!.HashValue,
        category: '1',
        victimIdentified: true,
        offenderIdentified: false,
        distributed: true,
        series: 'Synthetic series B',
        label: 'synthetic test entry',
        sourceMediaId: '10',
      }),
      entry({ sha256: second!.AlternativeHashes[0]!.HashValue, category: '4', sourceMediaId: '11' }),
    ]);
    expect(result.errors.map((e) => [e.record, e.reason])).toEqual([
      [3, 'VictimIdentified must be true or false, got "maybe"'],
      [4, 'no hash: at least one of MD5, SHA-1, SHA-256 or PDQ is needed'],
    ]);
  });

  it('reads 2.0 #Cases files: the Media of every case', async () => {
    const result = await read('vics', fixture('vics-2.0-cases.json'));
    expect(result.dialect).toBe('2.0');
    expect(result.entries.map((e) => e.sourceMediaId)).toEqual(['20', '21', '22']);
    expect(result.errors).toEqual([]);
  });

  it('gives the same result however the bytes are split (strings, escapes and BOM across chunks)', async () => {
    for (const name of ['vics-1.3.json', 'vics-2.0-media.json', 'vics-2.0-cases.json']) {
      const whole = await read('vics', fixture(name));
      for (const size of [1, 2, 3, 7, 64]) {
        expect(await read('vics', fixture(name), size), `${name} in chunks of ${size}`).toEqual({
          ...whole,
          batches: expect.any(Number),
        });
      }
    }
  });

  it('keeps escaped quotes and multi-byte text inside records', async () => {
    const doc = `{"odata.metadata":"x/ProjectVic/DataModels/1.3.xml#Media","value":[
      {"MD5":"${'a'.repeat(32)}","Series":"Série \\"Ω\\" {[,]}"}]}`;
    const result = await read('vics', Buffer.from(doc), 1);
    expect(result.entries[0]!.series).toBe('Série "Ω" {[,]}');
  });

  it('reports a truncated file as a rejected last record, keeping the records before it', async () => {
    const raw = fixture('vics-2.0-cases.json').toString();
    const result = await read('vics', raw.slice(0, raw.indexOf('"MediaID": 21') + 5));
    expect(result.entries.map((e) => e.sourceMediaId)).toEqual(['20']);
    expect(result.errors).toEqual([
      { record: 2, line: 1, reason: 'the file ends inside this record (truncated?)' },
    ]);
  });

  it('refuses what is not VICS JSON at all', async () => {
    const cases: [string, RegExp][] = [
      ['', /the file is empty/],
      ['d41d8cd98f00b204e9800998ecf8427e\n', /does not start with a JSON object/],
      ['{"odata.metadata":"x/DataModels/1.2.xml#Media","items":[]}', /no "value" list/],
      [`{"value":[${'1,'.repeat(150)}1]}`, /none of the first 100 records is valid/],
    ];
    for (const [text, message] of cases) {
      await expect(read('vics', text), text.slice(0, 30)).rejects.toThrow(message);
      await expect(read('vics', text)).rejects.toBeInstanceOf(HashListFormatError);
    }
  });
});

describe('Interpol ICSE CSV', () => {
  it('reads the documented header, flags and the Baseline category; quoted semicolons stay', async () => {
    const raw = fixture('icse.csv');
    const rows = raw
      .toString()
      .split('\r\n')
      .map((l) => l.split(';'));
    const result = await read('icse', raw);
    expect(result.entries).toEqual([
      entry({
        md5: rows[1]![0]!.toLowerCase(),
        sha1: rows[1]![1]!,
        sourceMediaId: 'IMG-1001',
        distributed: true,
        victimIdentified: false,
        offenderIdentified: false,
        series: 'Synthetic series C',
        category: 'baseline',
      }),
      entry({ md5: rows[2]![0]!, sourceMediaId: 'IMG-1002', distributed: false, category: 'not-baseline' }),
      entry({
        sha1: rows[4]![1]!,
        sourceMediaId: 'IMG-1004',
        distributed: true,
        victimIdentified: false,
        series: 'Series; with a semicolon',
      }),
    ]);
    expect(result.errors).toEqual([
      { record: 3, line: 4, reason: expect.stringMatching(/^MD5 must be 32 hexadecimal characters/) },
    ]);
  });

  it('refuses a file without the ICSE header', async () => {
    await expect(read('icse', `${'a'.repeat(32)}\n`)).rejects.toThrow(/first line must be its header/);
  });
});

describe('plain lists', () => {
  it('skips comments and blank lines, keeps labels, lower-cases, and names bad lines', async () => {
    const raw = fixture('md5.txt');
    const lines = raw.toString().split('\n');
    const result = await read('md5', raw);
    expect(result.entries).toEqual([
      entry({ md5: lines[1]! }),
      entry({ md5: lines[3]!.split(',')[0]!.toLowerCase(), label: 'synthetic label one' }),
      entry({ md5: lines[4]!.trim() }),
      entry({ md5: lines[7]!.replace(',', '') }),
    ]);
    expect(result.errors).toEqual([
      { record: 6, line: 6, reason: 'MD5 must be 32 hexadecimal characters, got "12345"' },
    ]);
  });

  it('checks the length of each kind, with CRLF line ends', async () => {
    const sha256 = 'ab'.repeat(32);
    const result = await read('sha256', `${sha256}\r\n${'ab'.repeat(20)}\r\n`);
    expect(result.entries).toEqual([entry({ sha256 })]);
    expect(result.errors[0]!.reason).toMatch(/^SHA-256 must be 64 hexadecimal characters/);
    const pdq = await read('pdq', `${'f'.repeat(64)},synthetic\n`);
    expect(pdq.entries).toEqual([entry({ pdq: 'f'.repeat(64), label: 'synthetic' })]);
  });

  it('refuses a file of another format (a VICS file sent as an MD5 list)', async () => {
    await expect(read('md5', fixture('vics-2.0-media.json'))).rejects.toThrow(
      /^not an MD5 list: none of the first \d+ records is valid/,
    );
    const sha1s = Array.from({ length: 120 }, (_, i) => i.toString(16).padStart(40, '0')).join('\n');
    await expect(read('md5', sha1s)).rejects.toThrow(/first 100 records/);
  });

  it('streams: the first batch comes out before the input is read to its end', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<string> {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield `${i.toString(16).padStart(32, '0')}\n`;
      }
    }
    const reader = readHashList('md5', endless(), 500);
    const first = (await reader.next()).value as ParsedBatch;
    await reader.return(undefined);
    expect(first.entries).toHaveLength(500);
    expect(pulled).toBeLessThan(1000);
  });
});

describe('VICS 2.0 export', () => {
  it('round-trips through the importer, entry for entry', async () => {
    const source = [
      ...(await read('vics', fixture('vics-2.0-media.json'))).entries,
      ...(await read('vics', fixture('vics-1.3.json'))).entries,
      ...(await read('icse', fixture('icse.csv'))).entries,
      ...(await read('md5', fixture('md5.txt'))).entries,
    ];
    async function* batches() {
      yield source.slice(0, 3);
      yield [];
      yield source.slice(3);
    }
    let exported = '';
    for await (const part of writeVicsJson(batches())) exported += part;
    const back = await read('vics', exported, 5);
    expect(back.dialect).toBe('2.0');
    expect(back.errors).toEqual([]);
    expect(back.entries).toEqual(source);
  });

  it('writes a valid empty document for an empty set', async () => {
    let exported = '';
    for await (const part of writeVicsJson((async function* () {})())) exported += part;
    expect(JSON.parse(exported)).toEqual({ '@odata.context': expect.stringContaining('2.0.xml'), value: [] });
  });
});

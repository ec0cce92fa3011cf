import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestSet, emptyEntry, packEntries, rememberEntries, type HashEntry } from '../src/index.ts';

const entry = (fields: Partial<HashEntry>): HashEntry => ({ ...emptyEntry(), ...fields });
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('DigestSet', () => {
  it('keeps every key across growth and refuses each a second time', () => {
    const set = new DigestSet();
    const keys = Array.from({ length: 50_000 }, () => new Uint32Array(randomBytes(12).buffer.slice(0, 12)));
    expect(keys.every(([a, b, c]) => set.add(a!, b!, c!))).toBe(true);
    expect(set.size).toBe(50_000);
    expect(keys.some(([a, b, c]) => set.add(a!, b!, c!))).toBe(false);
    // Keys that share their first word (the slot) are still told apart.
    expect(set.add(7, 1, 2)).toBe(true);
    expect(set.add(7, 1, 3)).toBe(true);
    expect(set.add(7, 1, 2)).toBe(false);
    expect(set.add(0, 0, 0)).toBe(true);
    expect(set.add(0, 0, 0)).toBe(false);
  });
});

describe('packEntries', () => {
  it('stores hashes as bytes in columns, leaving out columns no entry has', () => {
    const md5 = hex(16);
    const columns = packEntries([entry({ md5, label: 'a' }), entry({ md5: hex(16) })], new DigestSet());
    expect(columns.count).toBe(2);
    expect([...columns.present]).toEqual([1, 1]);
    expect(Buffer.from(columns.md5!.subarray(0, 16)).toString('hex')).toBe(md5);
    expect(columns.md5!.length).toBe(32);
    expect([columns.sha1, columns.sha256, columns.pdq, columns.category]).toEqual([null, null, null, null]);
    expect(columns.label).toEqual(['a', null]);
  });

  it('drops entries whose four hashes together were seen, in the batch or before', () => {
    const [a, b, c] = [hex(16), hex(20), hex(32)];
    const seen = new DigestSet();
    const first = packEntries(
      [
        entry({ md5: a, sha1: b, label: 'first' }),
        entry({ md5: a }), // the same MD5 alone is another entry
        entry({ md5: a, sha1: b, label: 'again' }),
        entry({ sha256: c }),
        entry({ pdq: c }), // the same bytes as a PDQ are another entry
        entry({ pdq: '0'.repeat(64) }), // an all-zero PDQ is a hash, not an absent one
      ],
      seen,
    );
    expect(first.count).toBe(5);
    expect(first.label).toEqual(['first', null, null, null, null]);
    expect([...first.present]).toEqual([3, 1, 4, 8, 8]);
    // The dropped duplicate left no bytes behind: the SHA-1 of entry 3 (SHA-256 only) is zero.
    expect(Buffer.from(first.sha1!.subarray(40, 60)).toString('hex')).toBe('0'.repeat(40));

    const again = new DigestSet();
    rememberEntries(first, again);
    expect(again.size).toBe(5);
    const second = packEntries(
      [entry({ md5: a }), entry({ pdq: '0'.repeat(64) }), entry({ md5: b.slice(8) })],
      again,
    );
    expect(second.count).toBe(1);
    expect(second.pdq).toBeNull();
  });
});

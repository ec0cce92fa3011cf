import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/demo/random.ts';
import { DIGEST_BYTES, ExactIndex } from '../../src/matching/exact-index.ts';
import { randomHex } from './pdq-oracle.ts';

type Algorithm = keyof typeof DIGEST_BYTES;
const algorithms = Object.keys(DIGEST_BYTES) as Algorithm[];

/** The oracle: a plain Map from digest to id set, kept alongside the index. */
class Model {
  readonly byId = new Map<number, string>();
  add(id: number, hex: string) {
    this.byId.set(id, hex.toLowerCase());
  }
  remove(id: number) {
    this.byId.delete(id);
  }
  lookup(hex: string): number[] {
    return [...this.byId]
      .filter(([, h]) => h === hex.toLowerCase())
      .map(([id]) => id)
      .sort((a, b) => a - b);
  }
}

function expectSame(index: ExactIndex, model: Model, probes: string[]) {
  expect(index.size).toBe(model.byId.size);
  for (const hex of probes) expect(index.lookup(hex), hex).toEqual(model.lookup(hex));
}

describe.each(algorithms)('ExactIndex for %s', (algorithm) => {
  const digits = DIGEST_BYTES[algorithm] * 2;

  it('finds every id by its digest, several ids per digest, none for absent digests', () => {
    const random = new SeededRandom(1);
    const index = new ExactIndex(DIGEST_BYTES[algorithm]);
    const model = new Model();
    const digests = Array.from({ length: 3000 }, () => randomHex(random, digits));
    // Ids 0 … 4999: some digests are held by several ids, as when hash sets overlap.
    for (let id = 0; id < 5000; id++) {
      const hex = digests[id % digests.length]!;
      index.add(id, hex);
      model.add(id, hex);
    }
    const absent = Array.from({ length: 200 }, () => randomHex(random, digits));
    expectSame(index, model, [...digests, ...absent]);
    expect(index.lookup(digests[0]!)).toEqual([0, 3000]);
  });

  it('tells apart digests that agree except in the last byte (same home slot)', () => {
    const index = new ExactIndex(DIGEST_BYTES[algorithm]);
    const model = new Model();
    const prefix = 'ab'.repeat(DIGEST_BYTES[algorithm] - 1);
    for (let b = 0; b < 256; b++) {
      const hex = prefix + b.toString(16).padStart(2, '0');
      index.add(b, hex);
      model.add(b, hex);
    }
    for (let b = 0; b < 256; b += 3) {
      index.remove(b);
      model.remove(b);
    }
    expectSame(index, model, [...model.byId.values(), `${prefix}00`, `${prefix}03`]);
  });

  it('stays right through removals, re-adds and replacements', () => {
    const random = new SeededRandom(2);
    const index = new ExactIndex(DIGEST_BYTES[algorithm]);
    const model = new Model();
    const digests = Array.from({ length: 500 }, () => randomHex(random, digits));
    for (let step = 0; step < 20_000; step++) {
      const id = random.int(0, 999);
      if (random.chance(0.4)) {
        index.remove(id);
        model.remove(id);
      } else {
        const hex = random.pick(digests);
        index.add(id, random.chance(0.5) ? hex.toUpperCase() : hex);
        model.add(id, hex);
      }
    }
    expectSame(index, model, digests);
  });
});

describe('ExactIndex growth', () => {
  it('holds more entries than one store chunk and shrinks back to empty', () => {
    const random = new SeededRandom(3);
    const index = new ExactIndex(DIGEST_BYTES.md5);
    const model = new Model();
    const count = 70_000; // more than 65,536: a second chunk, and several table doublings
    for (let id = 0; id < count; id++) {
      const hex = randomHex(random, 32);
      index.add(id, hex);
      model.add(id, hex);
    }
    expect(index.size).toBe(count);
    for (const [id, hex] of model.byId) expect(index.lookup(hex)).toEqual([id]);
    for (let id = 0; id < count; id += 2) index.remove(id);
    for (const [id, hex] of model.byId) expect(index.lookup(hex)).toEqual(id % 2 ? [id] : []);
    for (let id = 1; id < count; id += 2) index.remove(id);
    expect(index.size).toBe(0);
    expect(index.lookup(model.byId.get(1)!)).toEqual([]);
  });
});

describe('ExactIndex input checks', () => {
  const md5 = 'd41d8cd98f00b204e9800998ecf8427e';

  it.each([
    ['too short', md5.slice(1)],
    ['too long', `${md5}0`],
    ['SHA-1 length', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['not hex', `${md5.slice(1)}x`],
    ['empty', ''],
  ])('rejects a digest that is %s', (_name, bad) => {
    const index = new ExactIndex(DIGEST_BYTES.md5);
    expect(() => index.add(1, bad)).toThrow(/16-byte digest must be 32 hexadecimal characters/);
    expect(() => index.lookup(bad)).toThrow(/16-byte digest must be 32 hexadecimal characters/);
    expect(index.size).toBe(0);
  });

  it.each([0, 4, 6, 68, 1.5])('rejects digest length %s', (bytes) => {
    expect(() => new ExactIndex(bytes)).toThrow(/digest length must be a multiple of 4 bytes/);
  });

  it.each([-1, 2 ** 32, 0.5])('rejects id %s', (id) => {
    expect(() => new ExactIndex(16).add(id, md5)).toThrow(/id must be an integer/);
    expect(() => new ExactIndex(16).remove(id)).toThrow(/id must be an integer/);
  });

  it('matches upper-case hex to lower-case, and a bad add leaves the old digest in place', () => {
    const index = new ExactIndex(DIGEST_BYTES.md5);
    index.add(7, md5.toUpperCase());
    expect(index.lookup(md5)).toEqual([7]);
    expect(() => index.add(7, 'nope')).toThrow();
    expect(index.lookup(md5.toUpperCase())).toEqual([7]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/demo/random.ts';
import { PdqIndex, type PdqIndexOptions } from '../../src/matching/pdq-index.ts';
import { SUBSTRINGS, STRIDE, substringBits } from '../../src/matching/multi-index.ts';
import { bruteForce, evenFlips, flipBits, randomHex, spreadFlips } from './pdq-oracle.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../../shared/fixtures/pdq');
const lines = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8').split('\n').filter(Boolean);

/**
 * Random hashes, plus for each query three hashes planted at every distance 0 … 40 from it: bits flipped at
 * random, evenly spaced, and dealt out evenly to the index's substrings (its worst case).
 */
function plantedData(seed: number, randomCount: number, queryCount: number) {
  const random = new SeededRandom(seed);
  const width = substringBits(randomCount + queryCount * 41 * 3);
  const layout = { parts: SUBSTRINGS, stride: STRIDE, width };
  const dealt = (r: SeededRandom, hex: string, bits: number) => evenFlips(r, hex, bits, layout);
  const stored = new Map<number, string>();
  for (let id = 0; id < randomCount; id++) stored.set(id, randomHex(random));
  const queries = Array.from({ length: queryCount }, () => randomHex(random));
  const planted: { id: number; query: string; distance: number }[] = [];
  for (const query of queries) {
    for (let distance = 0; distance <= 40; distance++) {
      for (const flip of [flipBits, spreadFlips, dealt]) {
        const id = 1_000_000 + planted.length;
        stored.set(id, flip(random, query, distance));
        planted.push({ id, query, distance });
      }
    }
  }
  return { random, stored, queries, planted };
}

function indexOf(stored: Map<number, string>, options: PdqIndexOptions): PdqIndex {
  const index = new PdqIndex(options);
  for (const [id, hex] of stored) index.add(id, hex);
  return index;
}

const plans: [string, PdqIndexOptions][] = [
  // deltaLimit 0: the first search builds the tables, however few the hashes.
  ['tables', { plan: 'tables', deltaLimit: 0 }],
  ['tables, every hash in the delta', { plan: 'tables', deltaLimit: 1_000_000 }],
  ['auto', {}],
];

describe('PdqIndex: exact radius search against brute force', () => {
  const { stored, queries, planted } = plantedData(7, 3000, 12);

  describe.each(plans)('plan %s', (_name, options) => {
    const index = indexOf(stored, options);

    it.each([0, 1, 12, 31, 32, 35, 36, 64])(
      'maxDistance %i: every query equals brute force',
      (maxDistance) => {
        for (const query of queries) {
          expect(index.search(query, maxDistance)).toEqual(bruteForce(stored, query, maxDistance));
        }
      },
    );

    it.each([0, 22, 31, 32, 35, 64])(
      'maxDistance %i: a planted hash is found iff within it',
      (maxDistance) => {
        const results = new Map(queries.map((query) => [query, index.search(query, maxDistance)]));
        for (const { id, query, distance } of planted) {
          const hit = results.get(query)!.find((m) => m.id === id);
          expect(hit, `planted at ${distance}`).toEqual(
            distance <= maxDistance ? { id, distance } : undefined,
          );
        }
      },
    );
  });

  it('defaults to distance 31', () => {
    const index = indexOf(stored, { plan: 'tables', deltaLimit: 0 });
    for (const query of queries) expect(index.search(query)).toEqual(bruteForce(stored, query, 31));
  });

  it('is exact where the automatic plan picks the tables (70,000 hashes)', () => {
    const big = plantedData(11, 70_000, 6);
    const index = indexOf(big.stored, {});
    for (const query of big.queries) expect(index.search(query)).toEqual(bruteForce(big.stored, query, 31));
  });
});

describe('PdqIndex: changes after a build', () => {
  // A small delta limit makes the searches below rebuild and compact many times.
  it.each(plans.map(([name, options]) => [name, { ...options, deltaLimit: 40 }] as const))(
    'stays exact through removals, re-adds and replacements (%s)',
    (_name, options) => {
      const { random, stored, queries, planted } = plantedData(3, 400, 6);
      const index = indexOf(stored, options);
      const check = () => {
        expect(index.size).toBe(stored.size);
        for (const maxDistance of [0, 31, 32, 64]) {
          for (const query of queries) {
            expect(index.search(query, maxDistance)).toEqual(bruteForce(stored, query, maxDistance));
          }
        }
      };
      check();
      for (let round = 0; round < 8; round++) {
        for (const { id } of planted.filter((_, i) => i % 24 === round)) {
          index.remove(id);
          stored.delete(id);
        }
        for (let i = 0; i < 30; i++) {
          const id = random.int(0, 399);
          index.remove(id);
          stored.delete(id);
        }
        check();
        for (let i = 0; i < 60; i++) {
          // Re-adds removed ids and replaces present ones, some near a query, some random.
          const { id, query } = planted[random.int(0, planted.length - 1)]!;
          const hex = random.chance(0.5) ? flipBits(random, query, random.int(0, 40)) : randomHex(random);
          index.add(id, hex);
          stored.set(id, hex);
        }
        check();
      }
    },
  );

  it.each([300, 70_000])('stays exact with %i copies of one hash (bucket sizes past a byte)', (copies) => {
    const { random, stored, queries } = plantedData(9, 2000, 2);
    const copy = flipBits(random, queries[0]!, 5);
    for (let id = 0; id < copies; id++) stored.set(5_000_000 + id, copy);
    const index = indexOf(stored, { plan: 'tables', deltaLimit: 0 });
    for (const query of queries) expect(index.search(query)).toEqual(bruteForce(stored, query, 31));
  });

  it('removing an absent id changes nothing; adding an id again replaces its hash', () => {
    const index = new PdqIndex();
    const a = '0'.repeat(64);
    const b = 'f'.repeat(64);
    index.add(1, a);
    index.remove(2);
    expect(index.size).toBe(1);
    index.add(1, b);
    expect(index.size).toBe(1);
    expect(index.search(a)).toEqual([]);
    expect(index.search(b)).toEqual([{ id: 1, distance: 0 }]);
    index.remove(1);
    expect(index.size).toBe(0);
    expect(index.search(b)).toEqual([]);
  });
});

describe('PdqIndex: searchAny', () => {
  const { random, stored, queries } = plantedData(5, 2000, 8);

  it.each(plans)(
    'gives each id once, at its smallest distance, with the first variant giving it (%s)',
    (_n, o) => {
      const index = indexOf(stored, o);
      const variants = [...queries.slice(0, 6), flipBits(random, queries[0]!, 3), queries[1]!];
      for (const maxDistance of [0, 31, 64]) {
        const expected = new Map<number, { id: number; distance: number; variant: number }>();
        variants.forEach((variant, v) => {
          for (const { id, distance } of bruteForce(stored, variant, maxDistance)) {
            const known = expected.get(id);
            if (!known || distance < known.distance) expected.set(id, { id, distance, variant: v });
          }
        });
        const want = [...expected.values()].sort((a, b) => a.distance - b.distance || a.id - b.id);
        expect(index.searchAny(variants, maxDistance)).toEqual(want);
      }
    },
  );
});

describe('PdqIndex: Meta reference index test data', () => {
  const haystack = lines('haystack.txt');
  const needles = lines('needles.txt');
  const stored = new Map(haystack.map((hex, id) => [id, hex]));

  it('reads the fixtures', () => {
    expect([haystack.length, needles.length]).toEqual([1350, 100]);
  });

  it.each(
    plans.flatMap(([plan, options]) => [31, 63].map((maxDistance) => ({ plan, options, maxDistance }))),
  )('every needle equals brute force ($plan, maxDistance $maxDistance)', ({ options, maxDistance }) => {
    const index = indexOf(stored, options);
    let matched = 0;
    for (const needle of needles) {
      const expected = bruteForce(stored, needle, maxDistance);
      expect(index.search(needle, maxDistance)).toEqual(expected);
      if (expected.length) matched++;
    }
    // The reference data is built so that needles have near-duplicates in the haystack.
    expect(matched).toBeGreaterThan(0);
  });
});

describe('PdqIndex: input checks', () => {
  const hex = 'ab'.repeat(32);

  it.each([
    ['too short', hex.slice(2)],
    ['too long', `${hex}00`],
    ['not hex', `${hex.slice(1)}g`],
    ['empty', ''],
    ['spaces', ` ${hex.slice(1)}`],
    ['a number', 42 as unknown as string],
  ])('rejects a hash that is %s', (_name, bad) => {
    const index = new PdqIndex();
    expect(() => index.add(1, bad)).toThrow(/PDQ hash must be 64 hexadecimal characters/);
    expect(() => index.search(bad)).toThrow(/PDQ hash must be 64 hexadecimal characters/);
    expect(() => index.searchAny([hex, bad])).toThrow(/PDQ hash must be 64 hexadecimal characters/);
    expect(index.size).toBe(0);
  });

  it.each([-1, 1.5, 2 ** 32, Number.NaN])('rejects id %s', (id) => {
    expect(() => new PdqIndex().add(id, hex)).toThrow(/id must be an integer from 0 to 4294967295/);
  });

  it.each([-1, 257, 2.5])('rejects maxDistance %s', (maxDistance) => {
    expect(() => new PdqIndex().search(hex, maxDistance)).toThrow(/maxDistance must be an integer/);
  });

  it.each([-1, Number.NaN])('rejects deltaLimit %s', (deltaLimit) => {
    expect(() => new PdqIndex({ deltaLimit })).toThrow(/deltaLimit must be 0 or more/);
  });

  it('accepts either case and the extreme ids', () => {
    const index = new PdqIndex();
    index.add(0, hex.toUpperCase());
    index.add(2 ** 32 - 1, hex);
    expect(index.search(hex, 0)).toEqual([
      { id: 0, distance: 0 },
      { id: 2 ** 32 - 1, distance: 0 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeNetpbm, isNetpbm } from '../../src/index.ts';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('decodeNetpbm', () => {
  it.each<[string, Uint8Array, { width: number; height: number; channels: number; pixels: number[] }]>([
    ['binary PGM', bytes('P5 2 1 255\n', [0, 200]), { width: 2, height: 1, channels: 1, pixels: [0, 200] }],
    [
      'binary PPM',
      bytes('P6\n1 1\n255\n', [1, 2, 3]),
      { width: 1, height: 1, channels: 3, pixels: [1, 2, 3] },
    ],
    [
      'a comment in the header',
      bytes('P5 # made by hand\n1 1 255\n', [9]),
      { width: 1, height: 1, channels: 1, pixels: [9] },
    ],
    [
      'a sample that is a whitespace byte',
      bytes('P5 1 1 255\n', [10]),
      { width: 1, height: 1, channels: 1, pixels: [10] },
    ],
    [
      'plain PGM, 4-level',
      bytes('P2 3 1 3\n0 1 3'),
      { width: 3, height: 1, channels: 1, pixels: [0, 85, 255] },
    ],
    [
      'plain PPM',
      bytes('P3 1 1 255\n 10 20\n30'),
      { width: 1, height: 1, channels: 3, pixels: [10, 20, 30] },
    ],
    [
      '16-bit samples, big-endian',
      bytes('P5 2 1 65535\n', [255, 255, 128, 0]),
      { width: 2, height: 1, channels: 1, pixels: [255, 128] },
    ],
  ])('reads %s', (_case, input, expected) => {
    expect(isNetpbm(input)).toBe(true);
    const { pixels, ...rest } = decodeNetpbm(input);
    expect({ ...rest, pixels: Array.from(pixels) }).toEqual(expected);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['a PNG', bytes([0x89], 'PNG'), /not a PGM\/PPM/],
    ['a bitmap (P4)', bytes('P4 1 1\n', [0]), /not a PGM\/PPM/],
    ['a zero width', bytes('P5 0 1 255\n'), /bad width "0"/],
    ['a maximum value of 70000', bytes('P5 1 1 70000\n', [0, 0]), /bad maximum value/],
    ['missing samples', bytes('P6 2 2 255\n', [1, 2, 3]), /truncated/],
    ['a letter among plain samples', bytes('P2 2 1 255\n1 x'), /truncated or bad sample/],
  ])('rejects %s', (_case, input, error) => {
    expect(() => decodeNetpbm(input)).toThrow(error);
  });
});

import { PDQ_DIHEDRAL_TRANSFORMS, pdqHammingDistance } from '@sinag/core';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../src/index.ts';
import { fixtureImage, referenceRows } from './fixtures.ts';

// Meta's rule for a port: within 10 bits of the reference for images of quality ≥ 80, bit-exact given
// the same pixels (decoders may differ slightly; Netpbm files leave no room for that).
describe('decoded images against the C++ reference', () => {
  it.each(referenceRows('pixel-exact-reference.csv'))('%s is bit-exact', async (file, pdq, quality) => {
    expect(await hashFile(fixtureImage(file!))).toMatchObject({ pdq, quality: Number(quality) });
  });

  it.each(referenceRows('reference-hashes.csv'))('%s', async (file, pdq, quality) => {
    const hashes = await hashFile(fixtureImage(file!));
    expect(hashes.error).toBeUndefined();
    expect(Math.abs(hashes.quality! - Number(quality))).toBeLessThanOrEqual(5);
    if (Number(quality) >= 80) expect(pdqHammingDistance(hashes.pdq!, pdq!)).toBeLessThanOrEqual(10);
  });

  it('gives the 8 rotations and flips of dih/bridge-1-original.jpg', async () => {
    const rows = referenceRows('dihedral-reference.csv');
    expect(rows.map(([, transform]) => transform)).toEqual(PDQ_DIHEDRAL_TRANSFORMS);
    const { dihedral, pdq } = await hashFile(fixtureImage('dih/bridge-1-original.jpg'), { dihedral: true });
    expect(dihedral!.orig).toBe(pdq);
    for (const [, transform, reference] of rows) {
      const ours = dihedral![transform as (typeof PDQ_DIHEDRAL_TRANSFORMS)[number]];
      expect(pdqHammingDistance(ours, reference!), transform).toBeLessThanOrEqual(10);
    }
  });
});

/**
 * The 8 rotations and flips of an image, derived from its 16×16 DCT coefficients instead of re-hashing
 * rotated pixels: mirroring an axis multiplies frequency f along it by (−1)^f, and a quarter turn
 * transposes. Rows of the coefficient block hold frequencies 1–16, so index i has frequency i + 1.
 */

/** The transforms in the reference's order (its --pdqdih output and `dihedral-reference.csv`). */
export const PDQ_DIHEDRAL_TRANSFORMS = [
  'orig',
  'rot90',
  'rot180',
  'rot270',
  'flipx',
  'flipy',
  'flipplus1',
  'flipminus1',
] as const;
export type PdqDihedralTransform = (typeof PDQ_DIHEDRAL_TRANSFORMS)[number];

interface CoefficientMap {
  /** Negate the odd frequencies (even indices) along the rows' axis. */
  mirrorRows: boolean;
  mirrorCols: boolean;
  transpose: boolean;
}

const MAPS: Record<PdqDihedralTransform, CoefficientMap> = {
  orig: { mirrorRows: false, mirrorCols: false, transpose: false },
  rot90: { mirrorRows: false, mirrorCols: true, transpose: true },
  rot180: { mirrorRows: true, mirrorCols: true, transpose: false },
  rot270: { mirrorRows: true, mirrorCols: false, transpose: true },
  flipx: { mirrorRows: true, mirrorCols: false, transpose: false },
  flipy: { mirrorRows: false, mirrorCols: true, transpose: false },
  flipplus1: { mirrorRows: false, mirrorCols: false, transpose: true },
  flipminus1: { mirrorRows: true, mirrorCols: true, transpose: true },
};

/** Writes the coefficients of `transform` of the image whose coefficients are `dct` (16×16) to `out`. */
export function transformCoefficients(
  dct: Float32Array,
  transform: PdqDihedralTransform,
  out: Float32Array,
): void {
  const { mirrorRows, mirrorCols, transpose } = MAPS[transform];
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const negate = (mirrorRows && i % 2 === 0) !== (mirrorCols && j % 2 === 0);
      const value = dct[i * 16 + j]!;
      out[transpose ? j * 16 + i : i * 16 + j] = negate ? -value : value;
    }
  }
}

/**
 * The part of the 2-D DCT-II of the 64×64 downsample that PDQ keeps: frequencies 1–16 along each axis
 * (frequency 0, the mean, carries no structure). Computed as D · A · Dᵀ with a 16×64 matrix D, in single
 * precision and in the reference's summation order.
 */
const SIZE = 64;
const KEPT = 16;

/** D[i][j] = √(2/64) · cos(π/128 · (i + 1) · (2j + 1)), stored as floats as the reference does. */
const DCT_MATRIX = (() => {
  const scale = Math.fround(Math.sqrt(2 / SIZE));
  const matrix = new Float32Array(KEPT * SIZE);
  for (let i = 0; i < KEPT; i++) {
    for (let j = 0; j < SIZE; j++)
      matrix[i * SIZE + j] = scale * Math.cos((Math.PI / 2 / SIZE) * (i + 1) * (2 * j + 1));
  }
  return matrix;
})();

/** Writes the 16×16 coefficients of `image64` (64×64, row-major) to `out`; `scratch` holds 16×64 floats. */
export function dct64To16(image64: Float32Array, scratch: Float32Array, out: Float32Array): void {
  const d = DCT_MATRIX;
  // scratch = D · A
  for (let i = 0; i < KEPT; i++) {
    for (let j = 0; j < SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < SIZE; k++)
        sum = Math.fround(sum + Math.fround(d[i * SIZE + k]! * image64[k * SIZE + j]!));
      scratch[i * SIZE + j] = sum;
    }
  }
  // out = scratch · Dᵀ
  for (let i = 0; i < KEPT; i++) {
    for (let j = 0; j < KEPT; j++) {
      let sum = 0;
      for (let k = 0; k < SIZE; k++)
        sum = Math.fround(sum + Math.fround(scratch[i * SIZE + k]! * d[j * SIZE + k]!));
      out[i * KEPT + j] = sum;
    }
  }
}

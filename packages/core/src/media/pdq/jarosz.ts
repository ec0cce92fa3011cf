/**
 * Downsampling as PDQ does it: a Jarosz filter (box filters repeated along rows and columns, which
 * approximates a tent filter), then one sample at the centre of each output cell. Single-precision
 * arithmetic throughout (a Float32Array store rounds like a C float), in the reference's order, so results
 * are bit-exact.
 */

/** Two row-and-column passes: together they cover a full output cell. */
const PASSES = 2;

/** Box width per pass: half an output cell, rounded up (⌈old / (2 · new)⌉). */
export function jaroszWindowSize(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

/**
 * A centred running mean along a row of `length` values from `start`; near the ends the window is cut
 * short and the mean is over the values it holds.
 */
function boxAlongRow(
  input: Float32Array,
  output: Float32Array,
  start: number,
  length: number,
  window: number,
): void {
  const half = (window + 2) >> 1;
  let left = start;
  let right = start;
  let out = start;
  let sum = 0;
  let count = 0;
  // Fill the leading half window without writing.
  for (let i = 0; i < half - 1; i++) {
    sum = Math.fround(sum + input[right++]!);
    count++;
  }
  // Growing window at the start.
  for (let i = 0; i < window - half + 1; i++) {
    sum = Math.fround(sum + input[right++]!);
    count++;
    output[out++] = sum / count;
  }
  // Full window.
  for (let i = 0; i < length - window; i++) {
    sum = Math.fround(Math.fround(sum + input[right++]!) - input[left++]!);
    output[out++] = sum / count;
  }
  // Shrinking window at the end.
  for (let i = 0; i < half - 1; i++) {
    sum = Math.fround(sum - input[left++]!);
    count--;
    output[out++] = sum / count;
  }
}

/**
 * The same running mean down every column at once, a row at a time: the same additions per column as
 * one column after another, but reading memory in order. `sums` holds a float per column.
 */
function boxAlongColumns(
  input: Float32Array,
  output: Float32Array,
  rows: number,
  cols: number,
  window: number,
  sums: Float32Array,
): void {
  const half = (window + 2) >> 1;
  sums.fill(0, 0, cols);
  let left = 0;
  let right = 0;
  let out = 0;
  let count = 0;
  const add = () => {
    for (let c = 0; c < cols; c++) sums[c] = sums[c]! + input[right + c]!;
    right += cols;
  };
  const write = () => {
    for (let c = 0; c < cols; c++) output[out + c] = sums[c]! / count;
    out += cols;
  };
  for (let i = 0; i < half - 1; i++, count++) add();
  for (let i = 0; i < window - half + 1; i++) {
    add();
    count++;
    write();
  }
  for (let i = 0; i < rows - window; i++) {
    for (let c = 0; c < cols; c++) sums[c] = Math.fround(sums[c]! + input[right + c]!) - input[left + c]!;
    right += cols;
    left += cols;
    write();
  }
  for (let i = 0; i < half - 1; i++) {
    for (let c = 0; c < cols; c++) sums[c] = sums[c]! - input[left + c]!;
    left += cols;
    count--;
    write();
  }
}

/** Blurs `image` (rows × cols, row-major) in place; `scratch` is a buffer of at least the same size. */
export function jaroszFilter(
  image: Float32Array,
  scratch: Float32Array,
  rows: number,
  cols: number,
  windowAlongRows: number,
  windowAlongCols: number,
): void {
  const sums = new Float32Array(cols);
  for (let pass = 0; pass < PASSES; pass++) {
    for (let r = 0; r < rows; r++) boxAlongRow(image, scratch, r * cols, cols, windowAlongRows);
    boxAlongColumns(scratch, image, rows, cols, windowAlongCols, sums);
  }
}

/** Samples `image` at the centre of each cell of an outRows × outCols grid. */
export function decimate(
  image: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
  outRows: number,
  outCols: number,
): void {
  for (let i = 0; i < outRows; i++) {
    const row = Math.trunc(((i + 0.5) * rows) / outRows) * cols;
    for (let j = 0; j < outCols; j++)
      out[i * outCols + j] = image[row + Math.trunc(((j + 0.5) * cols) / outCols)]!;
  }
}

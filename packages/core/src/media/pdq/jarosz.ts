/**
 * Downsampling as PDQ does it: a Jarosz filter (box filters repeated along rows and columns, which
 * approximates a tent filter), then one sample at the centre of each output cell. Single-precision
 * arithmetic throughout (Math.fround and Float32Array stores round like a C float), in the reference's
 * order, so results are bit-exact.
 */

/** Two row-and-column passes: together they cover a full output cell. */
const PASSES = 2;

/** Box width per pass: half an output cell, rounded up (⌈old / (2 · new)⌉). */
export function jaroszWindowSize(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

/**
 * The shape of a line of `length` values, `step` apart: a row (step 1) or a column (step = width). The box
 * is about centred: output k is the mean of inputs k + half − window … k + half − 1, cut short at the ends.
 */
interface Line {
  step: number;
  length: number;
  window: number;
  half: number;
}

/** The window growing at the start of a line: writes its first outputs, returns the running sum. */
function boxHead(input: Float32Array, output: Float32Array, start: number, line: Line): number {
  const { step, window, half } = line;
  let sum = 0;
  for (let i = 0; i < window; i++) {
    sum = Math.fround(sum + input[start + i * step]!);
    if (i >= half - 1) output[start + (i - half + 1) * step] = sum / (i + 1);
  }
  return sum;
}

/** The window shrinking at the end of a line, from the running sum of a full window. */
function boxTail(input: Float32Array, output: Float32Array, start: number, line: Line, sum: number): void {
  const { step, length, window, half } = line;
  let count = window;
  for (let left = length - window, out = length - half + 1; out < length; left++, out++) {
    sum = Math.fround(sum - input[start + left * step]!);
    output[start + out * step] = sum / --count;
  }
}

/**
 * Running means along four lines at once (starting at a, b, c, d; they may repeat). Each running sum is a
 * serial chain of float additions; stepping four lines together lets the chains overlap, and keeping the
 * sums in locals spares a load and a store per value. The full-window mean multiplies by the reciprocal
 * in double precision, which rounds to the same float as the reference's division (the quotient of a
 * float by an integer under 2^27 is never within double rounding error of a float midpoint).
 */
function boxFourLines(
  input: Float32Array,
  output: Float32Array,
  [a, b, c, d]: readonly [number, number, number, number],
  line: Line,
): void {
  const { step, length, window, half } = line;
  let sa = boxHead(input, output, a, line);
  let sb = boxHead(input, output, b, line);
  let sc = boxHead(input, output, c, line);
  let sd = boxHead(input, output, d, line);
  const scale = 1 / window;
  const lag = window * step;
  const lead = (half - 1) * step;
  for (let right = lag, end = length * step; right < end; right += step) {
    const left = right - lag;
    const out = right - lead;
    sa = Math.fround(Math.fround(sa + input[a + right]!) - input[a + left]!);
    output[a + out] = sa * scale;
    sb = Math.fround(Math.fround(sb + input[b + right]!) - input[b + left]!);
    output[b + out] = sb * scale;
    sc = Math.fround(Math.fround(sc + input[c + right]!) - input[c + left]!);
    output[c + out] = sc * scale;
    sd = Math.fround(Math.fround(sd + input[d + right]!) - input[d + left]!);
    output[d + out] = sd * scale;
  }
  boxTail(input, output, a, line, sa);
  boxTail(input, output, b, line, sb);
  boxTail(input, output, c, line, sc);
  boxTail(input, output, d, line, sd);
}

/** Box filters the lines starting at `starts`, four at a time (the last repeated to fill a group). */
function boxLines(input: Float32Array, output: Float32Array, starts: ArrayLike<number>, line: Line): void {
  const last = starts.length - 1;
  for (let i = 0; i <= last; i += 4) {
    const group = [
      starts[i]!,
      starts[Math.min(i + 1, last)]!,
      starts[Math.min(i + 2, last)]!,
      starts[Math.min(i + 3, last)]!,
    ] as const;
    boxFourLines(input, output, group, line);
  }
}

function lineOf(step: number, length: number, window: number): Line {
  return { step, length, window, half: (window + 2) >> 1 };
}

/** Where each of `outSize` cells along a dimension of `size` takes its sample: the cell's centre. */
function samplePositions(size: number, outSize: number): Int32Array {
  return Int32Array.from({ length: outSize }, (_, i) => Math.trunc(((i + 0.5) * size) / outSize));
}

const range = (count: number, step: number) => Int32Array.from({ length: count }, (_, i) => i * step);

/**
 * Blurs `image` (rows × cols, row-major) with the Jarosz filter and writes the outRows × outCols samples
 * to `out`. The image is overwritten and `scratch` must be as large. The last column pass runs only down
 * the sampled columns: every other value it would compute is thrown away.
 */
export function jaroszDownsample(
  image: Float32Array,
  scratch: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
  outRows: number,
  outCols: number,
): void {
  const alongRows = lineOf(1, cols, jaroszWindowSize(cols, outCols));
  const alongCols = lineOf(cols, rows, jaroszWindowSize(rows, outRows));
  const rowStarts = range(rows, cols);
  const sampledRows = samplePositions(rows, outRows);
  const sampledCols = samplePositions(cols, outCols);
  for (let pass = 0; pass < PASSES; pass++) {
    boxLines(image, scratch, rowStarts, alongRows);
    boxLines(scratch, image, pass < PASSES - 1 ? range(cols, 1) : sampledCols, alongCols);
  }
  for (let i = 0; i < outRows; i++) {
    const row = sampledRows[i]! * cols;
    for (let j = 0; j < outCols; j++) out[i * outCols + j] = image[row + sampledCols[j]!]!;
  }
}

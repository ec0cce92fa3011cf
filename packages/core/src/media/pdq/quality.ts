/**
 * PDQ's quality score, 0–100: how many significant luminance steps the 64×64 downsample has. Flat or
 * nearly featureless images score low and their hashes are unreliable (Meta's advice: ignore under 50).
 * Each step is scaled to percent of full range and truncated, so faint gradients count for nothing.
 */
export function pdqQuality(image64: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++)
      sum += Math.abs(scaledStep(image64[i * 64 + j]!, image64[(i + 1) * 64 + j]!));
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) sum += Math.abs(scaledStep(image64[i * 64 + j]!, image64[i * 64 + j + 1]!));
  }
  return Math.min(100, Math.trunc(sum / 90));
}

/** (u − v) · 100 / 255 in single precision, truncated towards zero as the reference's int conversion. */
function scaledStep(u: number, v: number): number {
  return Math.trunc(Math.fround(Math.fround(Math.fround(u - v) * 100) / 255));
}

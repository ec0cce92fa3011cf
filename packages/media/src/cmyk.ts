/**
 * CMYK without a colour profile to RGB the way ImageMagick and PIL do it — R = (255 − C)(255 − K) / 255 —
 * because hashes computed elsewhere (the PDQ reference decodes with ImageMagick) come from these colours.
 * An ICC conversion moves the hash of the fixtures' CMYK photo 10 bits away; this keeps it within 2.
 */
export function rgbFromCmyk(cmyk: Uint8Array, pixelCount: number): Uint8Array {
  const rgb = new Uint8Array(pixelCount * 3);
  for (let p = 0, i = 0, o = 0; p < pixelCount; p++, i += 4, o += 3) {
    const white = 255 - cmyk[i + 3]!;
    rgb[o] = Math.round(((255 - cmyk[i]!) * white) / 255);
    rgb[o + 1] = Math.round(((255 - cmyk[i + 1]!) * white) / 255);
    rgb[o + 2] = Math.round(((255 - cmyk[i + 2]!) * white) / 255);
  }
  return rgb;
}

/**
 * A minimal reader for binary PGM (P5) and PPM (P6) files with 8-bit samples: enough to feed the PDQ
 * reference's pixel-exact fixtures to the hasher without an image decoder in between.
 */
export interface NetpbmImage {
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

export function readNetpbm(bytes: Uint8Array): NetpbmImage {
  const fields: string[] = [];
  let at = 0;
  // Magic, width, height, maxval: whitespace-separated, with # comments to the end of a line.
  while (fields.length < 4) {
    const char = String.fromCharCode(bytes[at]!);
    if (char === '#') {
      while (bytes[at] !== 0x0a) at++;
    } else if (/\s/.test(char)) {
      at++;
    } else {
      let field = '';
      while (at < bytes.length && !/\s/.test(String.fromCharCode(bytes[at]!)))
        field += String.fromCharCode(bytes[at++]!);
      fields.push(field);
    }
  }
  const [magic, width, height, maxValue] = [
    fields[0],
    Number(fields[1]),
    Number(fields[2]),
    Number(fields[3]),
  ];
  if ((magic !== 'P5' && magic !== 'P6') || maxValue !== 255)
    throw new Error(`not an 8-bit binary PGM/PPM (${magic}, maxval ${maxValue})`);
  const channels = magic === 'P5' ? 1 : 3;
  // Exactly one whitespace byte separates the header from the samples.
  const pixels = bytes.subarray(at + 1, at + 1 + width * height * channels);
  if (pixels.length !== width * height * channels) throw new Error('truncated PGM/PPM');
  return { pixels, width, height, channels };
}

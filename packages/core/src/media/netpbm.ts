/**
 * Netpbm images (PGM and PPM, plain text P2/P3 and binary P5/P6): a tiny, exact decoder, because the usual
 * image libraries either lack the format or may convert the samples. Samples are scaled to 8 bits.
 */
export interface DecodedPixels {
  /** Interleaved samples, row-major: 1 channel (grey) or 3 (RGB). */
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

const MAGIC = /^P[2356]\s/;

/** Whether `bytes` start like a PGM or PPM file. */
export function isNetpbm(bytes: Uint8Array): boolean {
  return MAGIC.test(String.fromCharCode(...bytes.subarray(0, 3)));
}

const isSpace = (byte: number | undefined) =>
  byte === 0x20 || (byte !== undefined && byte >= 0x09 && byte <= 0x0d);

/** Reads whitespace-separated decimal tokens, skipping # comments, from `at`. */
class TokenReader {
  constructor(
    private readonly bytes: Uint8Array,
    public at: number,
  ) {}

  next(): string {
    const { bytes } = this;
    for (;;) {
      while (isSpace(bytes[this.at])) this.at++;
      if (bytes[this.at] !== 0x23) break;
      while (this.at < bytes.length && bytes[this.at] !== 0x0a && bytes[this.at] !== 0x0d) this.at++;
    }
    const start = this.at;
    while (this.at < bytes.length && !isSpace(bytes[this.at]) && bytes[this.at] !== 0x23) this.at++;
    return String.fromCharCode(...bytes.subarray(start, this.at));
  }

  number(what: string, max: number): number {
    const token = this.next();
    const n = Number(token);
    if (!/^\d+$/.test(token) || n < 1 || n > max) throw new Error(`PGM/PPM: bad ${what} "${token}"`);
    return n;
  }
}

/** Decodes a PGM or PPM image; throws an Error saying what is wrong with a malformed or truncated file. */
export function decodeNetpbm(bytes: Uint8Array): DecodedPixels {
  if (!isNetpbm(bytes)) throw new Error('not a PGM/PPM image (P2, P3, P5 or P6)');
  const kind = bytes[1]! - 0x30;
  const channels = kind === 2 || kind === 5 ? 1 : 3;
  const reader = new TokenReader(bytes, 2);
  const width = reader.number('width', 1 << 16);
  const height = reader.number('height', 1 << 16);
  const maxValue = reader.number('maximum value', 65535);
  const count = width * height * channels;
  const pixels = new Uint8Array(count);
  const scale = (value: number) =>
    maxValue === 255 ? value : Math.round((Math.min(value, maxValue) * 255) / maxValue);

  if (kind === 2 || kind === 3) {
    for (let i = 0; i < count; i++) {
      const token = reader.next();
      if (!/^\d+$/.test(token)) throw new Error('PGM/PPM: truncated or bad sample');
      pixels[i] = scale(Number(token));
    }
    return { pixels, width, height, channels };
  }
  // Binary: one whitespace byte after the header, then 1 or 2 bytes (big-endian) per sample.
  const start = reader.at + 1;
  const wide = maxValue > 255;
  if (bytes.length < start + count * (wide ? 2 : 1)) throw new Error('PGM/PPM: truncated');
  for (let i = 0; i < count; i++) {
    pixels[i] = scale(wide ? (bytes[start + 2 * i]! << 8) | bytes[start + 2 * i + 1]! : bytes[start + i]!);
  }
  return { pixels, width, height, channels };
}

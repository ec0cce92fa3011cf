import path from 'node:path';

/**
 * What a file is, from its first bytes and, failing that, its name: images get a perceptual hash, videos
 * and everything else exact hashes only.
 */
export type FileKind = 'image' | 'video' | 'other';

/** Enough of the start of a file for `fileKind`. */
export const SNIFF_BYTES = 16;

const VIDEO_EXTENSIONS = new Set([
  '.mp4',
  '.m4v',
  '.mov',
  '.avi',
  '.mkv',
  '.webm',
  '.wmv',
  '.asf',
  '.flv',
  '.3gp',
  '.3g2',
  '.mpg',
  '.mpeg',
]);
const IMAGE_EXTENSIONS = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif',
  '.pgm',
  '.ppm',
  '.pnm',
]);

/** ISO base media (MP4, MOV, 3GP, HEIF) brands that are still images. */
const IMAGE_BRANDS = new Set(['avif', 'avis', 'heic', 'heix', 'heim', 'heis', 'mif1', 'msf1']);

const startsWith = (head: Uint8Array, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Uint8Array, from: number, to: number) => String.fromCharCode(...head.subarray(from, to));

function kindFromMagic(head: Uint8Array): FileKind | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image'; // JPEG
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'image'; // PNG
  if (ascii(head, 0, 4) === 'GIF8') return 'image';
  if (ascii(head, 0, 4) === 'II*\0' || ascii(head, 0, 4) === 'MM\0*') return 'image'; // TIFF
  if (/^P[2356]\s/.test(ascii(head, 0, 3))) return 'image'; // PGM, PPM
  if (ascii(head, 0, 4) === 'RIFF') {
    const form = ascii(head, 8, 12);
    if (form === 'WEBP') return 'image';
    if (form === 'AVI ') return 'video';
  }
  if (ascii(head, 4, 8) === 'ftyp') return IMAGE_BRANDS.has(ascii(head, 8, 12)) ? 'image' : 'video';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'video'; // Matroska, WebM
  if (startsWith(head, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'video'; // ASF, WMV
  if (ascii(head, 0, 3) === 'FLV') return 'video';
  if (startsWith(head, [0x00, 0x00, 0x01, 0xba]) || startsWith(head, [0x00, 0x00, 0x01, 0xb3]))
    return 'video'; // MPEG
  return undefined;
}

/** The kind of a file from its first SNIFF_BYTES bytes; the name decides only when the bytes do not. */
export function fileKind(head: Uint8Array, name: string): FileKind {
  const magic = kindFromMagic(head);
  if (magic) return magic;
  const extension = path.extname(name).toLowerCase();
  if (VIDEO_EXTENSIONS.has(extension)) return 'video';
  // Named as an image but not starting like one: decoding will say what is wrong with it.
  return IMAGE_EXTENSIONS.has(extension) ? 'image' : 'other';
}

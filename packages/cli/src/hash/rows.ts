import { PDQ_DIHEDRAL_TRANSFORMS, type PdqDihedralTransform } from '@sinag/core';
import type { FileHashes } from '@sinag/media';

/**
 * Rows of `sinag hash`: CSV with a header, or one JSON object per line, with the same keys. `pdq` is the
 * image as given; with --dihedral, `pdq_rot90` … `pdq_flipminus1` are its rotations and flips, named as
 * in Meta's reference (rot90 turns counter-clockwise; flipx mirrors top to bottom, flipy left to right,
 * flipplus1 about the main diagonal, flipminus1 about the other).
 */
const EXACT_COLUMNS = ['path', 'md5', 'sha1', 'sha256', 'pdq', 'quality'] as const;
const TRANSFORMS = PDQ_DIHEDRAL_TRANSFORMS.filter((t) => t !== 'orig');
const dihedralColumn = (transform: PdqDihedralTransform) => `pdq_${transform}`;

export function columns(dihedral: boolean): string[] {
  return [...EXACT_COLUMNS, ...(dihedral ? TRANSFORMS.map(dihedralColumn) : [])];
}

/** The values of a row; null where there is none (not an image, or the file could not be read). */
function values(file: string, hashes: FileHashes, dihedral: boolean): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = {
    path: file,
    md5: hashes.md5 ?? null,
    sha1: hashes.sha1 ?? null,
    sha256: hashes.sha256 ?? null,
    pdq: hashes.pdq ?? null,
    quality: hashes.quality ?? null,
  };
  if (dihedral) for (const t of TRANSFORMS) row[dihedralColumn(t)] = hashes.dihedral?.[t] ?? null;
  return row;
}

/** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(fields: (string | number | null)[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

export function csvRow(file: string, hashes: FileHashes, dihedral: boolean): string {
  return csvLine(Object.values(values(file, hashes, dihedral)));
}

/** One JSON object on one line; `error` only when there is one. */
export function jsonRow(file: string, hashes: FileHashes, dihedral: boolean): string {
  const row = values(file, hashes, dihedral);
  return `${JSON.stringify(hashes.error ? { ...row, error: hashes.error } : row)}\n`;
}

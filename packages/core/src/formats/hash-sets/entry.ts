/** One entry of a hash set, normalised: hashes in lower-case hex, flags as booleans or null (not stated). */
export interface HashEntry {
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  pdq: string | null;
  label: string | null;
  /** The category exactly as the source gives it; its meaning comes from the set's category scheme. */
  category: string | null;
  victimIdentified: boolean | null;
  offenderIdentified: boolean | null;
  distributed: boolean | null;
  series: string | null;
  /** The source's own id of the media (VICS MediaID, ICSE Image ID). */
  sourceMediaId: string | null;
}

export const HASH_KINDS = ['md5', 'sha1', 'sha256', 'pdq'] as const;
export type HashKind = (typeof HASH_KINDS)[number];

/** Hex digits per hash: PDQ is 256 bits like SHA-256. */
export const HEX_LENGTH: Record<HashKind, number> = { md5: 32, sha1: 40, sha256: 64, pdq: 64 };

const HEX_NAME: Record<HashKind, string> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', pdq: 'PDQ' };

/** A loop, not a regular expression: it runs for every hash of a ten-million-entry file (measured 5× faster). */
function isHex(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const lower = c | 0x20; // A–F onto a–f
    if (!((c >= 48 && c <= 57) || (lower >= 97 && lower <= 102))) return false;
  }
  return true;
}

/** A reason the value is not a hash of this kind, or undefined when it is one. */
export function hexProblem(kind: HashKind, value: string): string | undefined {
  if (value.length === HEX_LENGTH[kind] && isHex(value)) return undefined;
  return `${HEX_NAME[kind]} must be ${HEX_LENGTH[kind]} hexadecimal characters, got "${clip(value)}"`;
}

/** Longer texts than this (labels, series names) are cut: a hash list is not a place for prose. */
export const MAX_TEXT = 500;

export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s ? s.slice(0, MAX_TEXT) : null;
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/**
 * A flag as sources write it: a JSON boolean, "true"/"True"/"yes"/"1", or their opposites. Empty or absent
 * means not stated (null); anything else is an error, since a guess would put a wrong fact on a child's record.
 */
export function flag(value: unknown, field: string): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  const s = String(value).trim().toLowerCase();
  if (!s) return null;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new EntryError(`${field} must be true or false, got "${clip(String(value))}"`);
}

/** A record that cannot become an entry; its message is the reason shown to the user. */
export class EntryError extends Error {}

export function emptyEntry(): HashEntry {
  return {
    md5: null,
    sha1: null,
    sha256: null,
    pdq: null,
    label: null,
    category: null,
    victimIdentified: null,
    offenderIdentified: null,
    distributed: null,
    series: null,
    sourceMediaId: null,
  };
}

/** Sets the hash after checking it, lower-cased (sources often write MD5 in upper case). */
export function setHash(entry: HashEntry, kind: HashKind, value: unknown): void {
  const s =
    typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : String(value);
  if (!s) return;
  const problem = hexProblem(kind, s);
  if (problem) throw new EntryError(problem);
  entry[kind] = s.toLowerCase();
}

export function requireHash(entry: HashEntry): HashEntry {
  if (!entry.md5 && !entry.sha1 && !entry.sha256 && !entry.pdq)
    throw new EntryError('no hash: at least one of MD5, SHA-1, SHA-256 or PDQ is needed');
  return entry;
}

export function clip(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

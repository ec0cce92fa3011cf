import {
  emptyEntry,
  EntryError,
  flag,
  requireHash,
  setHash,
  text,
  type HashEntry,
  type HashKind,
} from './entry.ts';

/** `AlternativeHashes` names Sinag keeps, as the VICS exporters spell them (compared without case or dashes). */
const ALTERNATIVE: Record<string, HashKind> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', PDQ: 'pdq' };

/**
 * One Project VIC `Media` record as an entry. The same fields in 1.2, 1.3 and 2.0: MD5 (often upper-case),
 * SHA1, AlternativeHashes [{HashName, HashValue}] for SHA-256 and PDQ, Category, flags as JSON booleans or
 * strings, Series as a string or {Name}. PhotoDNA is proprietary and not kept; file names are not kept.
 * Tags become the entry's label.
 */
export function vicsMediaEntry(record: unknown): HashEntry {
  if (!record || typeof record !== 'object' || Array.isArray(record))
    throw new EntryError('is not a JSON object (a Media record)');
  const media = record as Record<string, unknown>;
  const entry = emptyEntry();
  setHash(entry, 'md5', media.MD5);
  setHash(entry, 'sha1', media.SHA1);
  setHash(entry, 'sha256', media.SHA256);
  const alternatives = media.AlternativeHashes ?? [];
  if (!Array.isArray(alternatives)) throw new EntryError('AlternativeHashes must be a list');
  for (const alternative of alternatives as { HashName?: unknown; HashValue?: unknown }[]) {
    const kind =
      ALTERNATIVE[
        String(alternative?.HashName ?? '')
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, '')
      ];
    if (!kind) continue;
    const before = entry[kind];
    setHash(entry, kind, alternative.HashValue);
    if (before && before !== entry[kind])
      throw new EntryError(`two different ${String(alternative.HashName)} values`);
  }
  entry.category = text(media.Category);
  entry.victimIdentified = flag(media.VictimIdentified, 'VictimIdentified');
  entry.offenderIdentified = flag(media.OffenderIdentified, 'OffenderIdentified');
  entry.distributed = flag(media.IsDistributed, 'IsDistributed');
  const series = media.Series;
  entry.series =
    series && typeof series === 'object' ? text((series as { Name?: unknown }).Name) : text(series);
  entry.sourceMediaId = text(media.MediaID);
  // Tags are free text; Sinag writes a set's label there (VICS has no label field).
  const tags = media.Tags;
  entry.label = text(
    Array.isArray(tags)
      ? tags
          .map((t) => text(t))
          .filter(Boolean)
          .join(', ')
      : tags,
  );
  return requireHash(entry);
}

import type { FileMatching, HashMatch } from '@sinag/core';

const STATUS = {
  pending: { label: 'Checking…', className: 'muted' },
  known: { label: 'Known material', className: 'badge badge-known' },
  'allow-listed': { label: 'Allow-listed', className: 'badge badge-allow' },
  'not-in-any-list': { label: 'Not in any list', className: 'badge badge-new' },
} as const;

/** What a match says, e.g. "Project VIC (MD5) · category 1, Child abuse material · series X · victim identified". */
function describe(match: HashMatch): string {
  const how = match.algorithm === 'pdq' ? `PDQ, ${match.distance} bits apart` : match.algorithm.toUpperCase();
  const parts = [`${match.hashSet.name} (${how})`];
  if (match.category !== null)
    parts.push(`category ${match.category}${match.categoryLabel ? `, ${match.categoryLabel}` : ''}`);
  if (match.series) parts.push(`series ${match.series}`);
  if (match.victimIdentified !== null)
    parts.push(match.victimIdentified ? 'victim identified' : 'victim not identified');
  if (match.label) parts.push(match.label);
  return parts.join(' · ');
}

/**
 * A file against the organisation's hash sets. "Not in any list" matters most: material no list knows may
 * mean a child not yet found.
 */
export function FileMatches({ matching }: { matching: FileMatching }) {
  const status = STATUS[matching.status];
  return (
    <div className="file-matches">
      <span className={status.className}>{status.label}</span>
      {matching.matches.length > 0 && (
        <ul className="plain-list">
          {matching.matches.map((match) => (
            <li key={`${match.hashSet.id}-${match.entryId}-${match.algorithm}`}>{describe(match)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

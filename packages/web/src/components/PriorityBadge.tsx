import { BAND_LABELS, type Band } from '@sinag/core';

/** A band (P1–P4); an analyst's override is marked, and `reasons` show on hover. */
export function PriorityBadge({
  band,
  overridden,
  reasons,
}: {
  band: Band;
  overridden?: boolean;
  reasons?: string;
}) {
  const label = `${BAND_LABELS[band]}${overridden ? ', set by an analyst' : ''}`;
  return (
    <span className={`badge band-${band}`} title={reasons ? `${label}\n${reasons}` : label}>
      {band}
      {overridden && (
        <span className="override-mark" aria-label="overridden">
          {' '}
          ✎
        </span>
      )}
    </span>
  );
}

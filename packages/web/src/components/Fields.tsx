import { Fragment, type ReactNode } from 'react';

/** Label and value pairs; a missing value shows as a dash rather than a gap. */
export function Fields({ fields }: { fields: [label: string, value: ReactNode][] }) {
  return (
    <dl className="fields">
      {fields.map(([label, value], index) => (
        <Fragment key={index}>
          <dt>{label}</dt>
          <dd>{value ?? <span className="muted">—</span>}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

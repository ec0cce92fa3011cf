import type { ReactNode } from 'react';
import { TableScroll } from '../TableScroll.tsx';

/** A table of a case section: scrolls sideways on a phone, captioned for screen readers; rows are the children. */
export function CaseTable({
  label,
  caption,
  testId,
  columns,
  children,
}: {
  label: string;
  caption: string;
  testId: string;
  columns: string[];
  children: ReactNode;
}) {
  return (
    <TableScroll label={label}>
      <table className="data-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}

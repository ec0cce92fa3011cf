import { INCIDENT_TYPES } from '@sinag/core';
import type { ReferralSummary } from '@sinag/core';
import { Fragment, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { factorLabel, factorLines, regionName, SOURCE_LABELS } from '../format.ts';
import type { SortField, SortOrder } from '../queueQuery.ts';
import { DateTime } from './DateTime.tsx';
import { PriorityBadge } from './PriorityBadge.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { TimeLeft } from './TimeLeft.tsx';
import { TableScroll } from './TableScroll.tsx';

interface TableSort {
  field: SortField;
  order: SortOrder;
  onSort: (field: SortField) => void;
}

interface Column {
  label: string;
  sort?: SortField;
  className?: 'numeric' | 'wrap';
  cell: (referral: ReferralSummary, reasons: ReasonsToggle) => ReactNode;
}

/** Whether a row's reasons are shown below it, and the switch. */
interface ReasonsToggle {
  shown: boolean;
  toggle: () => void;
  id: string;
}

const COLUMNS: Column[] = [
  {
    label: 'Reference',
    sort: 'reference',
    cell: (r) => (
      <Link to={`/referrals/${r.id}`} className="row-link" data-row-link="">
        {r.reference}
      </Link>
    ),
  },
  {
    label: 'Priority',
    sort: 'priority',
    cell: (r, reasons) => (
      <>
        <PriorityBadge
          band={r.band}
          overridden={r.overridden}
          reasons={`Score ${r.score}\n${factorLines(r.topFactors)}`}
        />
        <button
          type="button"
          className="reasons-toggle"
          aria-expanded={reasons.shown}
          aria-controls={reasons.id}
          aria-label={`Why ${r.band}: reasons for ${r.reference}`}
          title="Why this priority (e)"
          onClick={reasons.toggle}
        >
          {reasons.shown ? '▾' : '▸'}
        </button>
        {r.flags.length > 0 && (
          <span
            className="badge badge-warn review-flag"
            title={r.flags.map((f) => `${factorLabel(f.name)}: ${f.evidence}`).join('\n')}
          >
            review
          </span>
        )}
      </>
    ),
  },
  {
    label: 'Time left',
    cell: (r) => <TimeLeft receivedAt={r.receivedAt} dueAt={r.dueAt} status={r.status} />,
  },
  { label: 'Received', sort: 'receivedAt', cell: (r) => <DateTime value={r.receivedAt} /> },
  {
    label: 'Incident type',
    sort: 'incidentType',
    className: 'wrap',
    cell: (r) => INCIDENT_TYPES[r.incidentType],
  },
  { label: 'Source', sort: 'source', cell: (r) => SOURCE_LABELS[r.source] },
  {
    label: 'Region',
    sort: 'region',
    cell: (r) =>
      r.region ? <span title={regionName(r.region)}>{r.region}</span> : <span className="muted">—</span>,
  },
  { label: 'Reporter', className: 'wrap', cell: (r) => r.reporterName },
  { label: 'Identifiers', className: 'numeric', cell: (r) => r.identifierCount },
  { label: 'Files', className: 'numeric', cell: (r) => r.fileCount },
  { label: 'Status', sort: 'status', cell: (r) => <StatusBadge status={r.status} /> },
  {
    label: 'Assigned',
    cell: (r) =>
      r.assignee ? (
        <span title={r.assignee.username}>{r.assignee.displayName}</span>
      ) : (
        <span className="muted">—</span>
      ),
  },
];

function HeaderCell({ column, sort }: { column: Column; sort?: TableSort }) {
  const { className } = column;
  const field = column.sort;
  if (!field || !sort) {
    return (
      <th scope="col" className={className}>
        {column.label}
      </th>
    );
  }
  const active = sort.field === field;
  return (
    <th
      scope="col"
      className={className}
      aria-sort={active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button type="button" className="sort-button" onClick={() => sort.onSort(field)}>
        {column.label}
        <span aria-hidden="true" className={active ? 'sort-indicator active' : 'sort-indicator'}>
          {active && sort.order === 'asc' ? '▲' : '▼'}
        </span>
      </button>
    </th>
  );
}

/** Rows picked for a bulk action. */
export interface RowSelection {
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
}

/**
 * Up and down arrows (or j and k) move between rows' reference links; Enter then follows the link, x picks
 * the row for a bulk action, and e shows or hides its reasons.
 */
function onRowKey(
  event: KeyboardEvent<HTMLTableSectionElement>,
  toggleReasons: (id: string) => void,
  selection?: RowSelection,
) {
  const row = (event.target as Element).closest<HTMLElement>('tr');
  if ((event.target as Element).matches('input, select, textarea')) return;
  if (event.key === 'x' && selection && row?.dataset.id) {
    event.preventDefault();
    selection.onToggle(row.dataset.id);
    return;
  }
  if (event.key === 'e' && row?.dataset.id) {
    event.preventDefault();
    toggleReasons(row.dataset.id);
    return;
  }
  const step = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }[event.key];
  if (!step) return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a[data-row-link]')];
  const index = links.findIndex((link) => link.closest('tr') === row);
  const next = links[index + step];
  if (index >= 0 && next) {
    event.preventDefault();
    next.focus();
  }
}

/** The row's reasons, as the referral page lists them: score, heaviest factors with evidence, review flags. */
function ReasonsList({ referral }: { referral: ReferralSummary }) {
  return (
    <div className="row-reasons">
      <span className="muted">
        Score {referral.score}
        {referral.overridden ? ' · band set by an analyst' : ''}
      </span>
      <ul className="plain-list">
        {referral.topFactors.map((f) => (
          <li key={f.name}>
            <span className="points">{f.weight > 0 ? `+${f.weight}` : f.weight}</span> {factorLabel(f.name)}{' '}
            <span className="muted">({f.evidence})</span>
          </li>
        ))}
        {referral.flags.map((f) => (
          <li key={f.name}>
            <span className="badge badge-warn">review</span> {factorLabel(f.name)}{' '}
            <span className="muted">({f.evidence})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface Props {
  referrals: ReferralSummary[];
  caption: string;
  /** Prefix of the table's and rows' data-testid. */
  testId: string;
  sort?: TableSort;
  busy?: boolean;
  /** Adds a column of checkboxes for bulk actions. */
  selection?: RowSelection;
}

export function ReferralTable({ referrals, caption, testId, sort, busy, selection }: Props) {
  const allSelected = referrals.length > 0 && referrals.every((r) => selection?.selected.has(r.id));
  const navigate = useNavigate();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggleReasons = (id: string) =>
    setExpanded((shown) => {
      const next = new Set(shown);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const columnCount = COLUMNS.length + (selection ? 1 : 0);

  // The whole row is a mouse target; the link inside stays the keyboard and screen-reader target.
  function openRow(event: MouseEvent<HTMLTableRowElement>, id: string) {
    if (
      (event.target as Element).closest('a, button, input, .select-cell') ||
      window.getSelection()?.toString()
    )
      return;
    navigate(`/referrals/${id}`);
  }

  return (
    <TableScroll label={caption}>
      <table
        className="data-table referral-table"
        data-testid={`${testId}-table`}
        aria-busy={busy || undefined}
      >
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label="Select every referral on this page"
                  checked={allSelected}
                  onChange={selection.onToggleAll}
                />
              </th>
            )}
            {COLUMNS.map((column) => (
              <HeaderCell key={column.label} column={column} sort={sort} />
            ))}
          </tr>
        </thead>
        <tbody onKeyDown={(event) => onRowKey(event, toggleReasons, selection)}>
          {referrals.map((referral) => {
            const reasons = {
              shown: expanded.has(referral.id),
              toggle: () => toggleReasons(referral.id),
              id: `reasons-${referral.id}`,
            };
            return (
              <Fragment key={referral.id}>
                <tr
                  data-testid={`${testId}-row`}
                  data-id={referral.id}
                  aria-selected={selection ? selection.selected.has(referral.id) : undefined}
                  onClick={(event) => openRow(event, referral.id)}
                >
                  {selection && (
                    <td className="select-cell">
                      <input
                        type="checkbox"
                        aria-label={`Select ${referral.reference}`}
                        checked={selection.selected.has(referral.id)}
                        onChange={() => selection.onToggle(referral.id)}
                      />
                    </td>
                  )}
                  {COLUMNS.map((column) => (
                    <td key={column.label} className={column.className}>
                      {column.cell(referral, reasons)}
                    </td>
                  ))}
                </tr>
                {reasons.shown && (
                  <tr className="reasons-row" id={reasons.id} data-testid={`${testId}-reasons`}>
                    <td colSpan={columnCount}>
                      <ReasonsList referral={referral} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

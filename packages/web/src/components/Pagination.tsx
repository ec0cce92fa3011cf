interface Props {
  page: number;
  pageSize: number;
  /** Rows on this page. */
  count: number;
  total: number;
  onPage: (page: number) => void;
}

/** "1–50 of 300" with previous and next buttons. */
export function Pagination({ page, pageSize, count, total, onPage }: Props) {
  const first = (page - 1) * pageSize + 1;
  return (
    <nav className="pagination" aria-label="Pagination">
      <p aria-live="polite">{count === 0 ? `0 of ${total}` : `${first}–${first + count - 1} of ${total}`}</p>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <button
        type="button"
        className="button"
        disabled={page * pageSize >= total}
        onClick={() => onPage(page + 1)}
      >
        Next
      </button>
    </nav>
  );
}

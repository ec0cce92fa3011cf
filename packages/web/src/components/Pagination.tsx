interface Props {
  /** One page of a list, as the API returns it. */
  of: {
    page: number;
    pageSize: number;
    items: unknown[];
    total: number;
    /** More match than the total counted: it reads "1,000 or more". */
    totalCapped?: boolean;
  };
  onPage: (page: number) => void;
}

/** "1–50 of 300" with previous and next buttons. */
export function Pagination({ of: { page, pageSize, items, total, totalCapped }, onPage }: Props) {
  const first = (page - 1) * pageSize + 1;
  const count = items.length;
  const of = totalCapped ? `${total.toLocaleString()} or more` : String(total);
  return (
    <nav className="pagination" aria-label="Pagination">
      <p aria-live="polite">{count === 0 ? `0 of ${of}` : `${first}–${first + count - 1} of ${of}`}</p>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <button
        type="button"
        className="button"
        disabled={page * pageSize >= total && !totalCapped}
        onClick={() => onPage(page + 1)}
      >
        Next
      </button>
    </nav>
  );
}

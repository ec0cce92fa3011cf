/** A hash cut short on screen; the full value stays in the text (for copying) and in the title. */
export function Hash({ value }: { value: string | null }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <code className="hash" title={value}>
      {value}
    </code>
  );
}

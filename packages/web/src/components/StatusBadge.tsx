import { humanise } from '../format.ts';

/** A referral or case status. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{humanise(status)}</span>;
}

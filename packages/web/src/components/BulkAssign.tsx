import { MAX_BULK_REFERRALS } from '@sinag/core';
import { useState } from 'react';
import { api } from '../api.ts';
import { useAction } from '../useAction.ts';
import { AssigneeSelect } from './AssigneeSelect.tsx';

/** The queue's bulk action: assign the selected referrals to a colleague (or to nobody). */
export function BulkAssign({
  selected,
  onDone,
  onClear,
}: {
  selected: string[];
  onDone: (message: string) => void;
  onClear: () => void;
}) {
  const [assignee, setAssignee] = useState('');
  const { busy, error, run } = useAction();

  const assign = () =>
    run(async () => {
      const { updated } = await api.post<{ updated: number }>('/referrals/assign', {
        referralIds: selected,
        assigneeId: assignee || null,
      });
      onDone(`${updated} of ${selected.length} referral${selected.length === 1 ? '' : 's'} reassigned.`);
    });

  return (
    <form
      className="bulk-bar"
      aria-label="Bulk actions"
      data-testid="bulk-assign"
      onSubmit={(event) => {
        event.preventDefault();
        void assign();
      }}
    >
      <p className="bulk-count" role="status">
        {selected.length} selected
      </p>
      <AssigneeSelect value={assignee} onChange={setAssignee} />
      <div className="field field-action">
        <button
          type="submit"
          className="button primary"
          disabled={busy || selected.length === 0 || selected.length > MAX_BULK_REFERRALS}
        >
          {busy ? 'Assigning…' : 'Assign'}
        </button>
      </div>
      <div className="field field-action">
        <button type="button" className="button" onClick={onClear}>
          Clear selection
        </button>
      </div>
      <p role="alert" className="form-error">
        {error?.message}
      </p>
    </form>
  );
}

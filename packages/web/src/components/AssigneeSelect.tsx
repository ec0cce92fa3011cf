import type { UserRef } from '@sinag/core';
import { useId } from 'react';
import { useResource } from '../useResource.ts';

/** Colleagues who can work referrals, to assign to; "" means nobody. */
export function AssigneeSelect({
  value,
  onChange,
  label = 'Assign to',
}: {
  value: string;
  onChange: (userId: string) => void;
  label?: string;
}) {
  const id = useId();
  const { data } = useResource<{ items: UserRef[] }>('/referrals/assignees');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} data-testid="assignee">
        <option value="">Nobody</option>
        {data?.items.map((user) => (
          <option key={user.id} value={user.id}>
            {user.displayName} ({user.username})
          </option>
        ))}
      </select>
    </div>
  );
}

import type { UserRef } from '@sinag/core';
import { useId } from 'react';
import { useResource } from '../../useResource.ts';

/** A user of the organisation who works cases; "" is the empty choice. */
export function ColleagueSelect({
  label,
  value,
  onChange,
  empty = 'Choose…',
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  empty?: string;
}) {
  const id = useId();
  const { data } = useResource<{ items: UserRef[] }>('/case-colleagues');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{empty}</option>
        {data?.items.map((u) => (
          <option key={u.id} value={u.id}>
            {u.displayName} ({u.username})
          </option>
        ))}
      </select>
    </div>
  );
}

import { useId, useState } from 'react';
import { ActionError } from './ActionError.tsx';
import { useCaseChange } from './useCaseChange.ts';

const optionOf = (o: string | { value: string; label: string } | undefined) =>
  typeof o === 'string' ? { value: o, label: o } : (o ?? { value: '', label: '' });

export type Form = Record<string, string>;

/** A small form of a case section: its fields are selects (given options) or inputs. */
export function SimpleForm({
  title,
  fields,
  submit,
  onChanged,
}: {
  title: string;
  fields: {
    name: string;
    label: string;
    options?: readonly (string | { value: string; label: string })[];
    type?: string;
    required?: boolean;
  }[];
  /** Sends the values; the form clears when it succeeds. */
  submit: (form: Form) => Promise<unknown>;
  onChanged: () => void;
}) {
  const id = useId();
  const initial = Object.fromEntries(fields.map((f) => [f.name, optionOf(f.options?.[0]).value]));
  const [form, setForm] = useState<Form>(initial);
  const { busy, error, change } = useCaseChange(onChanged);
  return (
    <form
      className="stack"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await change(() => submit(form))) setForm(initial);
      }}
    >
      <h4>{title}</h4>
      {fields.map((f) => (
        <div className="field" key={f.name}>
          <label htmlFor={`${id}-${f.name}`}>{f.label}</label>
          {f.options ? (
            <select
              id={`${id}-${f.name}`}
              value={form[f.name]}
              onChange={(e) => setForm((v) => ({ ...v, [f.name]: e.target.value }))}
            >
              {f.options.map(optionOf).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${id}-${f.name}`}
              type={f.type ?? 'text'}
              required={f.required}
              value={form[f.name]}
              onChange={(e) => setForm((v) => ({ ...v, [f.name]: e.target.value }))}
            />
          )}
        </div>
      ))}
      <ActionError error={error} />
      <button type="submit" className="button button-small" disabled={busy}>
        Save
      </button>
    </form>
  );
}

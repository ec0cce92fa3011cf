import { useId, type FormEvent, type ReactNode } from 'react';
import type { ActionError } from '../../useAction.ts';

/** The values of a small case form, by field name as the API spells it. */
export type Values = Record<string, string>;

/** A labelled input that marks itself invalid when the server named its field. */
export function Input({
  name,
  label,
  values,
  onChange,
  error,
  type = 'text',
  required,
  children,
}: {
  name: string;
  label: string;
  values: Values;
  onChange: (values: Values) => void;
  error?: ActionError;
  type?: string;
  required?: boolean;
  /** Options: the control becomes a select. */
  children?: ReactNode;
}) {
  const id = useId();
  const invalid = error?.field !== undefined && (error.field === name || error.field.endsWith(`.${name}`));
  const common = {
    id,
    value: values[name] ?? '',
    required,
    'aria-invalid': invalid || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children ? (
        <select {...common} onChange={(e) => onChange({ ...values, [name]: e.target.value })}>
          {children}
        </select>
      ) : (
        <input {...common} type={type} onChange={(e) => onChange({ ...values, [name]: e.target.value })} />
      )}
    </div>
  );
}

/** A form grid with its submit button and the server's answer when it refused. */
export function CaseForm({
  label,
  submit,
  busy,
  error,
  onSubmit,
  children,
  testId,
}: {
  label: string;
  submit: string;
  busy: boolean;
  error?: ActionError;
  onSubmit: () => void;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <form
      className="stack"
      aria-label={label}
      data-testid={testId}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <div className="form-grid">{children}</div>
      <button type="submit" className="button" disabled={busy}>
        {submit}
      </button>
      {error && (
        <p role="alert" className="form-error">
          {error.message}
        </p>
      )}
    </form>
  );
}

/** A `datetime-local` value with the browser's offset, as the API takes it. */
export function isoFromLocal(value: string): string {
  return value ? new Date(value).toISOString() : '';
}

/** Fields left empty are not sent. */
export function filled(values: Values): Values {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
}

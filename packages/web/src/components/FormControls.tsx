import {
  createContext,
  use,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { controlId, fieldLabel } from '../referralForm.ts';

/** How controls find their value and error by path, and report a change. */
export interface FormBinding {
  value: (path: string) => string;
  error: (path: string) => string | undefined;
  change: (path: string, value: string) => void;
}

export const FormContext = createContext<FormBinding | null>(null);

function useBinding(): FormBinding {
  const binding = use(FormContext);
  if (!binding) throw new Error('Form controls need a FormContext');
  return binding;
}

interface FieldProps {
  /** The control's field path, e.g. "reporter.name": it gives the id, the label, the value and the error. */
  path: string;
  label?: string;
  hint?: ReactNode;
  required?: boolean;
  /** Spans the whole row of the form grid. */
  wide?: boolean;
  /** For a control that is its section's only one: the legend shows, the label is for screen readers. */
  hideLabel?: boolean;
}

interface ControlAttributes {
  id: string;
  name: string;
  value: string;
  required?: boolean;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** A label, the control, a hint and the error, wired together so the error is announced with the control. */
function Field({
  path,
  label,
  hint,
  required,
  wide,
  hideLabel,
  children,
}: FieldProps & { children: (attributes: ControlAttributes) => ReactNode }) {
  const { value, error } = useBinding();
  const id = controlId(path);
  const message = error(path);
  const described = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label ?? fieldLabel(path)}
        {required && <span className="required"> (required)</span>}
      </label>
      {children({
        id,
        name: path,
        value: value(path),
        required,
        'aria-invalid': message ? true : undefined,
        'aria-describedby': described || undefined,
      })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {message && (
        <p id={`${id}-error`} className="field-error">
          {message}
        </p>
      )}
    </div>
  );
}

type InputProps = FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>;

export function TextControl({ path, label, hint, required, wide, hideLabel, ...rest }: InputProps) {
  const { change } = useBinding();
  return (
    <Field path={path} label={label} hint={hint} required={required} wide={wide} hideLabel={hideLabel}>
      {(attributes) => (
        <input type="text" {...rest} {...attributes} onChange={(event) => change(path, event.target.value)} />
      )}
    </Field>
  );
}

/** A local date and time; the form sends it with the browser's UTC offset. */
export function DateTimeControl(props: InputProps) {
  return <TextControl type="datetime-local" {...props} />;
}

export function TextAreaControl({
  path,
  label,
  hint,
  required,
  wide = true,
  hideLabel,
  ...rest
}: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'id'>) {
  const { change } = useBinding();
  return (
    <Field path={path} label={label} hint={hint} required={required} wide={wide} hideLabel={hideLabel}>
      {(attributes) => (
        <textarea rows={3} {...rest} {...attributes} onChange={(event) => change(path, event.target.value)} />
      )}
    </Field>
  );
}

export type Option = readonly [value: string, label: string];

export function SelectControl({
  path,
  label,
  hint,
  required,
  wide,
  options,
  placeholder,
  ...rest
}: FieldProps & {
  options: readonly Option[];
  /** The text of an empty first choice ("Choose…", "Not known"). */
  placeholder?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'id'>) {
  const { change } = useBinding();
  return (
    <Field path={path} label={label} hint={hint} required={required} wide={wide}>
      {(attributes) => (
        <select {...rest} {...attributes} onChange={(event) => change(path, event.target.value)}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface RowListProps {
  /** The list's field path, e.g. "externalIds". */
  path: string;
  legend: string;
  /** One row's name in lower case: "external id". */
  item: string;
  /** Added to button names when the list sits inside a row: " of person 1". */
  scope?: string;
  rows: readonly { key: string }[];
  onAdd: () => void;
  onRemove: (index: number) => void;
  renderRow: (index: number) => ReactNode;
  empty?: string;
  /** Each row as a card with a visible title (persons), rather than a line of controls. */
  cards?: boolean;
  /** The list's own fieldset classes: a whole form section passes "card form-section". */
  className?: string;
}

/**
 * A repeatable group of controls (external ids, identifiers, evidence), each row a fieldset named by its
 * number, with "Add …" and "Remove … 2" buttons.
 */
export function RowList({
  path,
  legend,
  item,
  scope = '',
  rows,
  onAdd,
  onRemove,
  renderRow,
  empty,
  cards,
  className = 'row-list field-wide',
}: RowListProps) {
  const { error } = useBinding();
  const id = controlId(path);
  const message = error(path);
  const title = item.charAt(0).toUpperCase() + item.slice(1);
  return (
    <fieldset
      className={className}
      id={id}
      tabIndex={-1}
      aria-describedby={message ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {message && (
        <p id={`${id}-error`} className="field-error">
          {message}
        </p>
      )}
      {rows.length === 0 && empty && <p className="muted row-list-empty">{empty}</p>}
      {rows.map((row, index) => (
        <fieldset key={row.key} className={cards ? 'row-card' : 'row'}>
          <legend className="row-title">
            {title} {index + 1}
          </legend>
          <div className="form-grid">{renderRow(index)}</div>
          {/* After the row's controls in the tab order; shown at its top right. */}
          <button
            type="button"
            className="button button-small row-remove"
            aria-label={`Remove ${item} ${index + 1}${scope}`}
            onClick={() => onRemove(index)}
          >
            Remove
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button-small"
        id={`${id}-add`}
        aria-label={scope ? `Add ${item}${scope.replace(' of ', ' to ')}` : undefined}
        onClick={onAdd}
      >
        Add {item}
      </button>
    </fieldset>
  );
}

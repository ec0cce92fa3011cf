import type { IdentifierKind, ReferralInput } from '@sinag/core';

/**
 * The manual referral form: its state (every control a string, as the browser gives it), the canonical
 * `ReferralInput` built from it, and the mapping between field paths ("reportedPersons.0.identifiers.1.value")
 * and the controls that show their errors.
 */

export type PersonRole = 'reported' | 'intended-recipient';

export interface ExternalIdRow {
  key: string;
  system: string;
  id: string;
}

export interface IdentifierRow {
  key: string;
  kind: IdentifierKind;
  value: string;
  service: string;
  observedAt: string;
  event: string;
}

export interface PersonRow {
  key: string;
  role: PersonRole;
  name: string;
  identifiers: IdentifierRow[];
}

export interface EvidenceRow {
  key: string;
  description: string;
  heldBy: string;
  reference: string;
}

export interface ReferralFormValues {
  source: string;
  receivedAt: string;
  externalIds: ExternalIdRow[];
  incident: { type: string; occurredAt: string; summary: string; escalation: string };
  reporter: {
    kind: string;
    name: string;
    country: string;
    contactName: string;
    email: string;
    phone: string;
  };
  location: { country: string; region: string; city: string };
  reportedPersons: PersonRow[];
  evidenceReferences: EvidenceRow[];
  notes: string;
}

/** A field's error, by the form path of its control. */
export interface FieldError {
  path: string;
  message: string;
}

let lastKey = 0;
/** A React key for a repeatable row. */
export const rowKey = () => `row-${++lastKey}`;

export const newExternalId = (): ExternalIdRow => ({ key: rowKey(), system: '', id: '' });
export const newIdentifier = (): IdentifierRow => ({
  key: rowKey(),
  kind: 'email',
  value: '',
  service: '',
  observedAt: '',
  event: '',
});
export const newPerson = (): PersonRow => ({
  key: rowKey(),
  role: 'reported',
  name: '',
  identifiers: [newIdentifier()],
});
export const newEvidence = (): EvidenceRow => ({ key: rowKey(), description: '', heldBy: '', reference: '' });

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as a datetime-local value ("2026-03-01T21:30"), in the browser's time zone. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The browser's UTC offset at `date`, e.g. "+08:00". */
export function utcOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A datetime-local value as ISO 8601 with the browser's offset at that moment ("2026-03-01T21:30:00+08:00").
 * Something that is not a date is passed on unchanged, for the schema to reject by name.
 */
export function localToIso(local: string): string {
  const date = new Date(local);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(local) || Number.isNaN(date.getTime())) return local;
  return `${toLocalInput(date)}:${pad(date.getSeconds())}${utcOffset(date)}`;
}

export function emptyForm(now = new Date()): ReferralFormValues {
  return {
    source: 'foreign-police',
    receivedAt: toLocalInput(now),
    externalIds: [],
    incident: { type: '', occurredAt: '', summary: '', escalation: '' },
    reporter: { kind: 'law-enforcement', name: '', country: '', contactName: '', email: '', phone: '' },
    location: { country: 'PH', region: '', city: '' },
    reportedPersons: [],
    evidenceReferences: [],
    notes: '',
  };
}

/** The object without its empty members: the API takes no empty strings and no unknown fields. */
function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined && value !== ''),
  ) as Partial<T>;
}

const text = (value: string) => value.trim();
const code = (value: string) => value.trim().toUpperCase();
const when = (value: string) => (value.trim() ? localToIso(value.trim()) : '');

/**
 * The canonical referral the form describes, for `ReferralInput.safeParse` and then the API. Indices match
 * the form's rows, so the schema's and the server's paths name the form's controls.
 */
export function toReferralInput(form: ReferralFormValues): ReferralInput {
  const location = compact({
    country: code(form.location.country),
    region: text(form.location.region),
    city: text(form.location.city),
  });
  const input = compact({
    source: form.source,
    receivedAt: when(form.receivedAt),
    externalIds: form.externalIds.map((row) => compact({ system: text(row.system), id: text(row.id) })),
    incident: compact({
      type: form.incident.type,
      occurredAt: when(form.incident.occurredAt),
      summary: text(form.incident.summary),
      escalation: text(form.incident.escalation),
    }),
    reporter: compact({
      kind: form.reporter.kind,
      name: text(form.reporter.name),
      country: code(form.reporter.country),
      contactName: text(form.reporter.contactName),
      email: text(form.reporter.email),
      phone: text(form.reporter.phone),
    }),
    location: Object.keys(location).length ? location : undefined,
    reportedPersons: form.reportedPersons.map((person) => ({
      role: person.role,
      ...compact({ name: text(person.name) }),
      identifiers: person.identifiers.map((identifier) =>
        compact({
          kind: identifier.kind,
          value: text(identifier.value),
          service: text(identifier.service),
          observedAt: when(identifier.observedAt),
          event: text(identifier.event),
        }),
      ),
    })),
    evidenceReferences: form.evidenceReferences.map((row) =>
      compact({
        description: text(row.description),
        heldBy: text(row.heldBy),
        reference: text(row.reference),
      }),
    ),
    notes: text(form.notes),
  });
  // Required members left empty stay missing: the schema then names each of them.
  return input as unknown as ReferralInput;
}

/** "reportedPersons[0].identifiers[1].value" (the server's form) → "reportedPersons.0.identifiers.1.value". */
export function formPath(field: string | readonly PropertyKey[]): string {
  if (typeof field !== 'string') return field.map(String).join('.');
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

export function getIn(value: unknown, path: string): unknown {
  if (!path) return value;
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node == null ? undefined : (node as Record<string, unknown>)[key]),
      value,
    );
}

/** A copy of `value` with the member at `path` replaced; arrays and objects on the way are copied. */
export function setIn<T>(value: T, path: string, next: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return next as T;
  const child = setIn((value as Record<string, unknown>)[head], rest.join('.'), next);
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[Number(head)] = child;
    return copy as T;
  }
  return { ...(value as Record<string, unknown>), [head]: child } as T;
}

/** The words a control is labelled with, by its path with row numbers as "#". */
const LABELS: Record<string, string> = {
  source: 'Source',
  receivedAt: 'Received at',
  'externalIds.#.system': 'System',
  'externalIds.#.id': 'Id',
  'incident.type': 'Type',
  'incident.occurredAt': 'Occurred at',
  'incident.summary': 'Summary',
  'incident.escalation': 'Immediate risk to a child (if any)',
  'reporter.kind': 'Kind',
  'reporter.name': 'Name',
  'reporter.country': 'Country',
  'reporter.contactName': 'Contact name',
  'reporter.email': 'Email',
  'reporter.phone': 'Phone',
  'location.country': 'Country',
  'location.region': 'Region',
  'location.city': 'City',
  'reportedPersons.#.role': 'Role',
  'reportedPersons.#.name': 'Name or label',
  'reportedPersons.#.identifiers.#.kind': 'Kind',
  'reportedPersons.#.identifiers.#.value': 'Value',
  'reportedPersons.#.identifiers.#.service': 'Service or platform',
  'reportedPersons.#.identifiers.#.observedAt': 'Observed at',
  'reportedPersons.#.identifiers.#.event': 'Event',
  'evidenceReferences.#.description': 'Description',
  'evidenceReferences.#.heldBy': 'Held by',
  'evidenceReferences.#.reference': 'Reference',
  notes: 'Notes',
};

const GROUPS: Record<string, (n: number) => string> = {
  externalIds: (n) => `External id ${n}`,
  incident: () => 'Incident',
  reporter: () => 'Reporter',
  location: () => 'Location',
  reportedPersons: (n) => `Person ${n}`,
  identifiers: (n) => `identifier ${n}`,
  evidenceReferences: (n) => `Evidence reference ${n}`,
};

export function fieldLabel(path: string): string {
  return LABELS[path.replace(/\.\d+(?=\.|$)/g, '.#')] ?? path;
}

/** A control's label with where it sits: "Person 1, identifier 2: Value", "Reporter: Name". */
export function describeField(path: string): string {
  const keys = path.split('.');
  const where: string[] = [];
  for (let i = 0; i < keys.length - 1; i++) {
    const group = GROUPS[keys[i]!];
    if (!group) continue;
    const next = Number(keys[i + 1]);
    where.push(group(Number.isInteger(next) ? next + 1 : 0));
  }
  const label = fieldLabel(path);
  return where.length ? `${where.join(', ')}: ${label}` : label;
}

/** The id of the control that edits `path`. */
export const controlId = (path: string) => `field-${path.replace(/\./g, '-')}`;

/** "must not be empty" → "Must not be empty". */
export const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

interface SchemaIssue {
  path: readonly PropertyKey[];
  code: string;
  message: string;
  keys?: readonly string[];
}

/**
 * The schema's issues as field errors, one per field, in form order. A missing member reads "Required" and a
 * value outside a list "Choose one of the options", rather than the schema's wording for programmers.
 */
export function schemaErrors(issues: readonly SchemaIssue[], input: unknown): FieldError[] {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    let path = formPath(issue.path);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys' && issue.keys?.[0]) {
      path = path ? `${path}.${issue.keys[0]}` : issue.keys[0];
      message = 'is not a known field';
    } else if (getIn(input, path) === undefined) {
      message = 'required';
    } else if (issue.code === 'invalid_value') {
      message = 'choose one of the options';
    }
    if (!errors.has(path)) errors.set(path, sentence(message));
  }
  return [...errors].map(([path, message]) => ({ path, message }));
}

/** The server's 400 names one field and repeats it at the head of its message; keep the message. */
export function serverError(field: string, message: string): FieldError {
  const prefix = `${field}: `;
  return {
    path: formPath(field),
    message: sentence(message.startsWith(prefix) ? message.slice(prefix.length) : message),
  };
}

/**
 * An Idempotency-Key. crypto.randomUUID exists only in secure contexts (HTTPS or localhost), so a server
 * reached by plain HTTP on a LAN gets a version-4 UUID made from getRandomValues instead.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import {
  normaliseIdentifier,
  PHILIPPINE_REGIONS,
  type IncidentType,
  type Identifier,
  type ReferralInput,
} from '@sinag/core';
import { z } from 'zod';

/** What kind of concern, in words a parent or teacher uses, and the incident type each maps to. */
export const CONCERNS = {
  livestream: { label: 'Someone is livestreaming abuse of a child', type: 'livestreamed-abuse' },
  enticement: { label: 'Someone asked a child for images, or to meet', type: 'online-enticement' },
  sextortion: { label: 'Someone is threatening a child to get money or images', type: 'sextortion' },
  material: { label: 'Images or videos of a child being abused', type: 'child-sexual-abuse-material' },
  other: { label: 'Something else', type: 'other' },
} as const satisfies Record<string, { label: string; type: IncidentType }>;
export type Concern = keyof typeof CONCERNS;

/** Platforms offered as suggestions; any other name may be typed. */
export const PLATFORMS = [
  'Facebook',
  'Messenger',
  'Instagram',
  'TikTok',
  'YouTube',
  'X (Twitter)',
  'Telegram',
  'WhatsApp',
  'Viber',
  'Discord',
  'Snapchat',
  'Roblox',
  'Website',
];

/** The form's fields, as they are named in the HTML. `website` is the honeypot. */
export const REPORT_FIELDS = [
  'token',
  'concern',
  'description',
  'danger',
  'urls',
  'platform',
  'username',
  'suspectEmail',
  'suspectPhone',
  'whenDate',
  'whenTime',
  'whenText',
  'region',
  'city',
  'contactName',
  'contactEmail',
  'contactPhone',
  'consent',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export const FOLLOW_UP_FIELDS = ['token', 'code', 'text', 'url', 'platform', 'username'] as const;
export type FollowUpField = (typeof FOLLOW_UP_FIELDS)[number];

export const HONEYPOT = 'website';

/** Human names of the fields, for the list of problems at the top of a form. */
export const FIELD_LABELS: Record<ReportField | FollowUpField, string> = {
  token: 'Form',
  concern: 'What kind of concern',
  description: 'What happened',
  danger: 'A child is in danger right now',
  urls: 'Web address',
  platform: 'App or website',
  username: 'Username',
  suspectEmail: 'Their email address',
  suspectPhone: 'Their phone number',
  whenDate: 'Date',
  whenTime: 'Time',
  whenText: 'Or describe when',
  region: 'Region',
  city: 'City or municipality',
  contactName: 'Your name',
  contactEmail: 'Your email address',
  contactPhone: 'Your phone number',
  consent: 'Consent to be contacted',
  code: 'Follow-up code',
  text: 'What you want to add',
  url: 'Web address',
};

export type FormValues<F extends string> = Partial<Record<F, string>>;
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** The fields of a parsed form body as strings; a repeated field keeps its first value, unknown ones are dropped. */
export function formValues<F extends string>(
  body: unknown,
  fields: readonly F[],
): { values: FormValues<F>; honeypot: string } {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const pick = (name: string) => {
    const value = Array.isArray(raw[name]) ? (raw[name] as unknown[])[0] : raw[name];
    return typeof value === 'string' ? value : value == null ? '' : String(value);
  };
  const values: FormValues<F> = {};
  for (const name of fields) values[name] = pick(name);
  return { values, honeypot: pick(HONEYPOT).trim() };
}

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => v || undefined);
const required = (max: number, empty: string) =>
  z.string().trim().min(1, empty).max(max, `must be at most ${max} characters`);

const TOKEN = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, 'it was incomplete or has expired: check your answers and send it again');
const REGION_CODES = PHILIPPINE_REGIONS.map((r) => r.code) as string[];

const ReportForm = z.object({
  token: TOKEN,
  concern: z
    .string()
    .trim()
    .refine((v) => !v || v in CONCERNS, 'choose one of the options')
    .transform((v) => (v || 'other') as Concern),
  description: required(5000, 'describe what you saw'),
  danger: z.string().transform((v) => v !== ''),
  urls: z.string().max(10000, 'too long: give at most 10 web addresses'),
  platform: optional(100),
  username: optional(200),
  suspectEmail: optional(320),
  suspectPhone: optional(50),
  whenDate: z
    .string()
    .trim()
    .refine((v) => !v || /^\d{4}-\d{2}-\d{2}$/.test(v), 'give the date as YYYY-MM-DD'),
  whenTime: z
    .string()
    .trim()
    .refine((v) => !v || /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(v), 'give the time as HH:MM'),
  whenText: optional(1000),
  region: z
    .string()
    .trim()
    .refine((v) => !v || REGION_CODES.includes(v), 'choose a region from the list')
    .transform((v) => v || undefined),
  city: optional(100),
  contactName: optional(200),
  contactEmail: optional(320),
  contactPhone: optional(50),
  consent: z.string().transform((v) => v !== ''),
});

const FollowUpForm = z.object({
  token: TOKEN,
  code: z
    .string()
    .transform((v) => v.toUpperCase().replace(/[\s-]/g, ''))
    .refine((v) => v.length > 0, 'enter the follow-up code you were given')
    .refine(
      (v) => !v || /^[A-HJ-NP-Z2-9]{12}$/.test(v),
      'a follow-up code has 12 letters and digits, like K7Q2-M9TD-X3PA',
    ),
  text: required(5000, 'write what you want to add'),
  url: optional(2000),
  platform: optional(100),
  username: optional(200),
});

function zodErrors<F extends string>(error: z.ZodError): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0]) as F;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A web address as people type it ("facebook.com/…" or with https://), normalised. */
function webAddress(raw: string): { ok: true; value: string } | { ok: false } {
  const result = normaliseIdentifier('url', raw);
  if (!result.ok) return { ok: false };
  const url = new URL(result.value);
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.')) return { ok: false };
  return result;
}

const PHILIPPINE_OFFSET = '+08:00';

export interface ValidReport {
  token: string;
  input: ReferralInput;
  /** The submitted fields, trimmed, as the source document keeps them. */
  fields: Record<string, string>;
  escalation: boolean;
}

/**
 * Checks a submitted report and maps it to the canonical referral. Every problem is named by its field, so
 * the form can show them all at once.
 */
export function validateReport(
  values: FormValues<ReportField>,
  options: { now: Date; defaultCountry: string },
): { ok: true; report: ValidReport } | { ok: false; errors: FieldErrors<ReportField> } {
  const filled = Object.fromEntries(REPORT_FIELDS.map((f) => [f, values[f] ?? ''])) as Record<
    ReportField,
    string
  >;
  const parsed = ReportForm.safeParse(filled);
  if (!parsed.success) {
    // Show every problem, including the ones the second pass below would find.
    const errors = zodErrors<ReportField>(parsed.error);
    return { ok: false, errors: { ...secondPass(filled, options).errors, ...errors } };
  }
  const second = secondPass(filled, options);
  if (Object.keys(second.errors).length) return { ok: false, errors: second.errors };
  const f = parsed.data;
  const identifiers: Identifier[] = [
    ...second.urls.map((value) => ({ kind: 'url' as const, value })),
    ...(f.username
      ? [{ kind: 'screen-name' as const, value: f.username, ...(f.platform ? { service: f.platform } : {}) }]
      : []),
    ...(f.suspectEmail ? [{ kind: 'email' as const, value: f.suspectEmail }] : []),
    ...(f.suspectPhone ? [{ kind: 'phone' as const, value: f.suspectPhone }] : []),
  ];
  const whenParts = [
    f.whenDate && !f.whenTime ? `On ${f.whenDate}` : undefined,
    f.whenText ? f.whenText : undefined,
  ].filter(Boolean);
  const hasContact = Boolean(f.contactName || f.contactEmail || f.contactPhone);
  const concern = CONCERNS[f.concern];
  const input: ReferralInput = {
    source: 'public',
    receivedAt: options.now.toISOString(),
    incident: {
      type: concern.type,
      ...(second.occurredAt ? { occurredAt: second.occurredAt } : {}),
      ...(whenParts.length ? { occurredAtDescription: whenParts.join('. ') } : {}),
      ...(f.danger ? { escalation: 'The reporter ticked "A child is in danger right now".' } : {}),
      summary: f.description,
      ...(values.concern ? { sourceTypes: [concern.label] } : {}),
    },
    reporter: {
      kind: 'public',
      name: f.contactName ?? (hasContact ? 'Community member' : 'Community member (anonymous)'),
      ...(f.contactName ? { contactName: f.contactName } : {}),
      ...(f.contactEmail ? { email: second.contactEmail } : {}),
      ...(f.contactPhone ? { phone: second.contactPhone } : {}),
    },
    ...(f.region || f.city
      ? {
          location: {
            country: 'PH',
            ...(f.region ? { region: f.region } : {}),
            ...(f.city ? { city: f.city } : {}),
          },
        }
      : {}),
    reportedPersons: identifiers.length ? [{ role: 'reported', identifiers }] : [],
  };
  const fields = Object.fromEntries(
    Object.entries(filled)
      .filter(([name, value]) => name !== 'token' && value.trim() !== '')
      .map(([name, value]) => [name, value.trim()]),
  );
  return { ok: true, report: { token: f.token, input, fields, escalation: f.danger } };
}

/** The checks that need more than one field or a parser: web addresses, emails, phones, the date. */
function secondPass(
  f: Record<ReportField, string>,
  { now, defaultCountry }: { now: Date; defaultCountry: string },
) {
  const errors: FieldErrors<ReportField> = {};
  const urls: string[] = [];
  // Web addresses cannot contain spaces: any whitespace separates them; a trailing comma is punctuation.
  const lines = f.urls
    .split(/\s+/)
    .map((l) => l.replace(/[,;]+$/, ''))
    .filter(Boolean);
  if (lines.length > 10) errors.urls = 'give at most 10 web addresses';
  for (const line of lines.slice(0, 10)) {
    if (line.length > 2000) {
      errors.urls = 'a web address must be at most 2000 characters';
    } else if (!webAddress(line).ok) {
      errors.urls ??= `"${line.slice(0, 80)}" is not a web address (like facebook.com/…); put a name in "Username"`;
    } else {
      urls.push(line);
    }
  }
  const email = (field: ReportField) => {
    if (f[field].trim() && !normaliseIdentifier('email', f[field]).ok)
      errors[field] = 'is not an email address (like name@example.com)';
  };
  const phone = (field: ReportField): string | undefined => {
    if (!f[field].trim()) return undefined;
    const result = normaliseIdentifier('phone', f[field], { defaultCountry });
    if (!result.ok) {
      errors[field] = 'is not a phone number (like 0917 123 4567 or +63 917 123 4567)';
      return undefined;
    }
    return result.value;
  };
  email('suspectEmail');
  email('contactEmail');
  phone('suspectPhone');
  const contactPhone = phone('contactPhone');
  const contactEmail = f.contactEmail.trim().toLowerCase() || undefined;

  let occurredAt: string | undefined;
  const date = f.whenDate.trim();
  const time = f.whenTime.trim();
  if (time && !date) errors.whenDate = 'give the date too, or describe when in words';
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const calendar = new Date(Date.UTC(y, m - 1, d));
    const start = new Date(`${date}T00:00:00${PHILIPPINE_OFFSET}`);
    if (calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== d) {
      errors.whenDate = 'is not a real date';
    } else if (start.getTime() > now.getTime()) {
      errors.whenDate = 'is in the future';
    } else if (date < '1990-01-01') {
      errors.whenDate = 'must be 1990 or later';
    } else if (/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(time)) {
      const at = new Date(`${date}T${time.length === 5 ? `${time}:00` : time}${PHILIPPINE_OFFSET}`);
      // A few minutes of grace for a clock that runs ahead.
      if (at.getTime() > now.getTime() + 10 * 60_000) errors.whenTime = 'is in the future';
      else occurredAt = at.toISOString();
    }
  }

  const hasContact = Boolean(f.contactName.trim() || f.contactEmail.trim() || f.contactPhone.trim());
  const consent = f.consent !== '';
  if (hasContact && !consent)
    errors.consent = 'tick this box to let us contact you, or clear your details to stay anonymous';
  if (consent && !f.contactEmail.trim() && !f.contactPhone.trim())
    errors.contactEmail ??= 'give an email address or a phone number, or untick the consent box';
  return { errors, urls, occurredAt, contactEmail, contactPhone };
}

export interface ValidFollowUp {
  token: string;
  /** The code without separators, upper-case. */
  code: string;
  /** The note as analysts read it. */
  text: string;
  fields: Record<string, string>;
}

export function validateFollowUp(
  values: FormValues<FollowUpField>,
): { ok: true; followUp: ValidFollowUp } | { ok: false; errors: FieldErrors<FollowUpField> } {
  const filled = Object.fromEntries(FOLLOW_UP_FIELDS.map((f) => [f, values[f] ?? '']));
  const parsed = FollowUpForm.safeParse(filled);
  const errors = parsed.success ? {} : zodErrors<FollowUpField>(parsed.error);
  const url = filled.url!.trim();
  if (url && !errors.url && !webAddress(url).ok)
    errors.url = 'is not a web address (like facebook.com/…); put a name in "Username"';
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  const f = parsed.data;
  const lines = [
    f.text,
    ...(f.url ? [`Web address: ${f.url}`] : []),
    ...(f.username ? [`Username: ${f.username}${f.platform ? ` (${f.platform})` : ''}`] : []),
    ...(!f.username && f.platform ? [`App or website: ${f.platform}`] : []),
  ];
  const fields = Object.fromEntries(
    Object.entries(filled)
      .filter(([name, value]) => name !== 'token' && name !== 'code' && value.trim() !== '')
      .map(([name, value]) => [name, value.trim()]),
  );
  return { ok: true, followUp: { token: f.token, code: f.code, text: lines.join('\n'), fields } };
}

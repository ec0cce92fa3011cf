import { PHILIPPINE_REGIONS } from '@sinag/core';
import {
  CONCERNS,
  FIELD_LABELS,
  HONEYPOT,
  PLATFORMS,
  type FieldErrors,
  type FollowUpField,
  type FormValues,
  type ReportField,
} from './form.ts';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Pages are plain HTML with no script: small, and usable on a slow phone. */
const CSS = `body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
main{max-width:38rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25}
fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem 1rem;background:#fff}
legend{font-weight:700;padding:0 .25rem}
label{display:block;font-weight:600;margin-top:.75rem}
.check label{display:inline;font-weight:600;margin:0}
input,select,textarea{box-sizing:border-box;width:100%;font:inherit;padding:.5rem;border:1px solid #767676;border-radius:4px;background:#fff}
input[type=checkbox]{width:1.25rem;height:1.25rem;vertical-align:middle;margin:0 .5rem 0 0}
.check{margin-top:.75rem}
.hint{color:#4a4a4a;font-size:.9rem;margin:.15rem 0 .25rem}
.error{color:#a4000f;font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border:2px solid #a4000f}
.notice{border-left:6px solid #a4000f;background:#fff;padding:.5rem 1rem;margin:1rem 0}
.urgent{border-left-color:#b35c00}
.problems{border:2px solid #a4000f;background:#fff;padding:.5rem 1rem}
.code{font:700 1.6rem/1.2 ui-monospace,monospace;letter-spacing:.1em;background:#fff;border:2px dashed #333;padding:.5rem;display:inline-block}
button{font:inherit;font-weight:700;padding:.75rem 1.5rem;margin-top:1rem;border:0;border-radius:4px;background:#00507a;color:#fff}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
a{color:#00507a}`;

/** No script, no frames, no third parties; forms post only here; nothing cached (a page may show a code). */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Sinag</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

const EMERGENCY = `<p class="notice urgent" role="note"><strong>If a child is in danger right now</strong>, call the
emergency hotline <strong>911</strong> or the <strong>1343 Actionline</strong> against trafficking, and send this report as
well.</p>`;

/** The same advice where the report is already sent, or cannot be sent now. */
const EMERGENCY_CALL = `<p class="notice urgent" role="note"><strong>If a child is in danger right now</strong>, call the
emergency hotline <strong>911</strong> or the <strong>1343 Actionline</strong> against trafficking.</p>`;

const NO_IMAGES = `<p class="notice" role="note"><strong>Do not upload or send images or videos — sharing them is a crime even
when reporting; describe what you saw and where.</strong> This form has no way to attach files, on purpose.</p>`;

const HONEYPOT_FIELD = `<div class="hp" aria-hidden="true"><label for="f-${HONEYPOT}">Leave this field empty</label>
<input id="f-${HONEYPOT}" name="${HONEYPOT}" type="text" tabindex="-1" autocomplete="off" value=""></div>`;

type Values = Partial<Record<string, string>>;
type Errors = Partial<Record<string, string>>;

interface FieldOptions {
  name: ReportField | FollowUpField;
  hint?: string;
  type?: string;
  required?: boolean;
  attrs?: string;
}

/** Label, hint, error and the described-by links that tie them to the control. */
function described(name: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint ? `h-${name}` : '', error ? `e-${name}` : ''].filter(Boolean).join(' ');
  return {
    aria: `${ids ? ` aria-describedby="${ids}"` : ''}${error ? ' aria-invalid="true"' : ''}`,
    html: `${hint ? `<p class="hint" id="h-${name}">${hint}</p>` : ''}${
      error
        ? `<p class="error" id="e-${name}">${escapeHtml(FIELD_LABELS[name as ReportField])}: ${escapeHtml(error)}</p>`
        : ''
    }`,
  };
}

function input(o: FieldOptions, values: Values, errors: Errors): string {
  const d = described(o.name, o.hint, errors[o.name]);
  return `<label for="f-${o.name}">${FIELD_LABELS[o.name]}${o.required ? ' (required)' : ''}</label>${d.html}
<input id="f-${o.name}" name="${o.name}" type="${o.type ?? 'text'}" value="${escapeHtml(values[o.name])}"${
    o.required ? ' required' : ''
  }${o.attrs ?? ''}${d.aria}>`;
}

function textarea(o: FieldOptions & { rows: number; max: number }, values: Values, errors: Errors): string {
  const d = described(o.name, o.hint, errors[o.name]);
  return `<label for="f-${o.name}">${FIELD_LABELS[o.name]}${o.required ? ' (required)' : ''}</label>${d.html}
<textarea id="f-${o.name}" name="${o.name}" rows="${o.rows}" maxlength="${o.max}"${o.required ? ' required' : ''}${
    d.aria
  }>${escapeHtml(values[o.name])}</textarea>`;
}

function select(
  o: FieldOptions & { options: { value: string; label: string }[] },
  values: Values,
  errors: Errors,
): string {
  const d = described(o.name, o.hint, errors[o.name]);
  const options = o.options
    .map(
      (opt) =>
        `<option value="${escapeHtml(opt.value)}"${values[o.name] === opt.value ? ' selected' : ''}>${escapeHtml(opt.label)}</option>`,
    )
    .join('');
  return `<label for="f-${o.name}">${FIELD_LABELS[o.name]}</label>${d.html}
<select id="f-${o.name}" name="${o.name}"${d.aria}>${options}</select>`;
}

function checkbox(o: FieldOptions & { label: string }, values: Values, errors: Errors): string {
  const d = described(o.name, o.hint, errors[o.name]);
  return `<div class="check">${d.html}<input id="f-${o.name}" name="${o.name}" type="checkbox" value="yes"${
    values[o.name] ? ' checked' : ''
  }${d.aria}><label for="f-${o.name}">${o.label}</label></div>`;
}

/** The list of problems at the top, each linking to its field. */
function problems(errors: Errors): string {
  const entries = Object.entries(errors).filter(([, message]) => message);
  if (!entries.length) return '';
  const items = entries
    .map(
      ([name, message]) =>
        // The submission token has no visible field to link to.
        `<li>${name === 'token' ? 'Form' : `<a href="#f-${name}">${escapeHtml(FIELD_LABELS[name as ReportField] ?? name)}</a>`}: ${escapeHtml(message)}</li>`,
    )
    .join('');
  return `<div class="problems" role="alert"><p><strong>Please check ${
    entries.length === 1 ? 'this answer' : 'these answers'
  }; nothing was sent yet.</strong></p><ul>${items}</ul></div>`;
}

const PLATFORM_LIST = `<datalist id="platforms">${PLATFORMS.map((p) => `<option value="${escapeHtml(p)}">`).join('')}</datalist>`;

export function reportFormPage(
  token: string,
  values: FormValues<ReportField> = {},
  errors: FieldErrors<ReportField> = {},
): string {
  const v = values as Values;
  const e = errors as Errors;
  const concernOptions = [
    { value: '', label: 'Choose one (optional)' },
    ...Object.entries(CONCERNS).map(([value, c]) => ({ value, label: c.label })),
  ];
  const regionOptions = [
    { value: '', label: 'Not known, or not in the Philippines' },
    ...PHILIPPINE_REGIONS.map((r) => ({ value: r.code, label: `${r.name} (${r.code})` })),
  ];
  return layout(
    'Report a concern about a child',
    `<h1>Report a concern about a child</h1>
<p>Use this form if you saw something online that may put a child at risk of sexual abuse or exploitation. You do not
need an account, and you may stay anonymous. Trained analysts review every report.</p>
${EMERGENCY}
${NO_IMAGES}
${problems(e)}
<form method="post" action="/report" novalidate>
<input type="hidden" name="token" value="${escapeHtml(token)}">
<fieldset><legend>What happened</legend>
${select({ name: 'concern', options: concernOptions }, v, e)}
${textarea({ name: 'description', rows: 6, max: 5000, required: true, hint: 'What you saw or were told, in your own words. Do not paste images.' }, v, e)}
${checkbox({ name: 'danger', label: 'A child is in danger right now', hint: 'We treat these reports first. Please also call 911.' }, v, e)}
</fieldset>
<fieldset><legend>Where online (if you know)</legend>
${textarea({ name: 'urls', rows: 2, max: 10000, hint: 'The address of the page, profile, group or video, one per line (like facebook.com/…).' }, v, e)}
${input({ name: 'platform', attrs: ' list="platforms" autocomplete="off"', hint: 'For example Facebook, TikTok, Roblox.' }, v, e)}
${PLATFORM_LIST}
${input({ name: 'username', attrs: ' autocomplete="off" spellcheck="false" autocapitalize="off"', hint: 'The name or handle of the person you are reporting, on that app or website.' }, v, e)}
${input({ name: 'suspectEmail', type: 'email', attrs: ' autocomplete="off"', hint: 'Of the person you are reporting, if known. Not yours.' }, v, e)}
${input({ name: 'suspectPhone', type: 'tel', attrs: ' autocomplete="off"', hint: 'Of the person you are reporting, if known. Not yours.' }, v, e)}
</fieldset>
<fieldset><legend>When (if you know)</legend>
${input({ name: 'whenDate', type: 'date', hint: 'Philippine time.' }, v, e)}
${input({ name: 'whenTime', type: 'time' }, v, e)}
${input({ name: 'whenText', hint: 'For example "last week" or "every night since March".' }, v, e)}
</fieldset>
<fieldset><legend>Where the child is (if you know)</legend>
${select({ name: 'region', options: regionOptions }, v, e)}
${input({ name: 'city' }, v, e)}
</fieldset>
<fieldset><legend>Your contact details (optional)</legend>
<p class="hint">Leave these empty to stay anonymous. If you give them, only the team that reviews reports sees them,
to ask you questions. As on any website, the server records the internet address a report came from.</p>
${input({ name: 'contactName', attrs: ' autocomplete="name"' }, v, e)}
${input({ name: 'contactEmail', type: 'email', attrs: ' autocomplete="email"' }, v, e)}
${input({ name: 'contactPhone', type: 'tel', attrs: ' autocomplete="tel"' }, v, e)}
${checkbox({ name: 'consent', label: 'You may contact me about this report' }, v, e)}
</fieldset>
${HONEYPOT_FIELD}
<button type="submit">Send report</button>
</form>
<p>Already reported? <a href="/report/follow-up">Add information with your follow-up code</a>.</p>`,
  );
}

export function reportReceivedPage(reference: string, code: string, escalation: boolean): string {
  return layout(
    'Report received',
    `<h1>Your report was received</h1>
<p>Thank you. Reference: <strong>${escapeHtml(reference)}</strong></p>
<p>Your follow-up code:</p>
<p class="code">${escapeHtml(code)}</p>
<p><strong>Write this code down now: it is shown only once and cannot be recovered.</strong> With it you can add
information to your report later, without an account, at <a href="/report/follow-up">/report/follow-up</a>.</p>
${escalation ? EMERGENCY_CALL : ''}
${NO_IMAGES}
<p><a href="/report">Report another concern</a></p>`,
  );
}

export function reportAlreadyReceivedPage(reference: string): string {
  return layout(
    'Report already received',
    `<h1>This report was already received</h1>
<p>It was sent once and was not sent again. Reference: <strong>${escapeHtml(reference)}</strong></p>
<p>To add information, use the follow-up code you were given when you sent it, at
<a href="/report/follow-up">/report/follow-up</a>.</p>
<p><a href="/report">Report another concern</a></p>`,
  );
}

export function followUpFormPage(
  token: string,
  values: FormValues<FollowUpField> = {},
  errors: FieldErrors<FollowUpField> = {},
): string {
  const v = values as Values;
  const e = errors as Errors;
  return layout(
    'Add information to a report',
    `<h1>Add information to your report</h1>
${EMERGENCY}
${NO_IMAGES}
${problems(e)}
<form method="post" action="/report/follow-up" novalidate>
<input type="hidden" name="token" value="${escapeHtml(token)}">
<fieldset><legend>Your report</legend>
${input({ name: 'code', required: true, attrs: ' autocomplete="off" spellcheck="false" autocapitalize="characters"', hint: 'The 12-character code you were given, like K7Q2-M9TD-X3PA.' }, v, e)}
</fieldset>
<fieldset><legend>What you want to add</legend>
${textarea({ name: 'text', rows: 6, max: 5000, required: true, hint: 'What you saw since, or what you remembered. Do not paste images.' }, v, e)}
${input({ name: 'url', hint: 'The address of a page, profile, group or video (like facebook.com/…).' }, v, e)}
${input({ name: 'platform', attrs: ' list="platforms" autocomplete="off"' }, v, e)}
${PLATFORM_LIST}
${input({ name: 'username', attrs: ' autocomplete="off" spellcheck="false" autocapitalize="off"' }, v, e)}
</fieldset>
${HONEYPOT_FIELD}
<button type="submit">Add to my report</button>
</form>
<p><a href="/report">Report a new concern</a></p>`,
  );
}

export function followUpAddedPage(reference: string, replayed: boolean): string {
  return layout(
    'Information added',
    `<h1>${replayed ? 'This information was already added' : 'Thank you: the information was added'}</h1>
<p>It is part of report <strong>${escapeHtml(reference)}</strong>${replayed ? ' and was not added twice' : ''}.</p>
<p>Keep your follow-up code to add more later.</p>
<p><a href="/report/follow-up">Add more information</a> · <a href="/report">Report a new concern</a></p>`,
  );
}

/** A page for a request the form could not take (too many, too large, unreadable, or a server fault). */
export function problemPage(title: string, message: string): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${EMERGENCY_CALL}
<p><a href="/report">Back to the report form</a></p>`,
  );
}

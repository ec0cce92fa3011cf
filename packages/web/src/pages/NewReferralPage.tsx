import {
  IDENTIFIER_KINDS,
  INCIDENT_TYPES,
  PHILIPPINE_REGIONS,
  REFERRAL_SOURCES,
  ReferralInput,
  REPORTER_KINDS,
} from '@sinag/core';
import type { ReferralCreated } from '@sinag/core';
import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, errorMessage } from '../api.ts';
import {
  DateTimeControl,
  FormContext,
  RowList,
  SelectControl,
  TextAreaControl,
  TextControl,
  type FormBinding,
  type Option,
} from '../components/FormControls.tsx';
import {
  countryName,
  IDENTIFIER_KIND_LABELS,
  PERSON_ROLE_LABELS,
  REPORTER_KIND_LABELS,
  SOURCE_LABELS,
} from '../format.ts';
import {
  controlId,
  describeField,
  emptyForm,
  getIn,
  newEvidence,
  newExternalId,
  newIdempotencyKey,
  newIdentifier,
  newPerson,
  schemaErrors,
  serverError,
  setIn,
  toReferralInput,
  utcOffset,
  type FieldError,
} from '../referralForm.ts';
import { useSession } from '../session.tsx';

export type Created = ReturnType<(typeof ReferralCreated)['parse']>;

/** What the referral page is told after a save, to confirm it. */
export interface CreatedState {
  created: Created;
}

const SOURCE_OPTIONS: Option[] = REFERRAL_SOURCES.map((s) => [s, SOURCE_LABELS[s]]);
const INCIDENT_OPTIONS: Option[] = Object.entries(INCIDENT_TYPES);
const REPORTER_OPTIONS: Option[] = REPORTER_KINDS.map((k) => [k, REPORTER_KIND_LABELS[k]]);
const REGION_OPTIONS: Option[] = PHILIPPINE_REGIONS.map((r) => [r.code, `${r.code} — ${r.name}`]);
const ROLE_OPTIONS: Option[] = Object.entries(PERSON_ROLE_LABELS);
const IDENTIFIER_OPTIONS: Option[] = IDENTIFIER_KINDS.map((k) => [k, IDENTIFIER_KIND_LABELS[k]]);

const TIME_HINT = `Your local time (UTC${utcOffset(new Date())}).`;

function countryHint(code: string): string {
  const trimmed = code.trim();
  return /^[A-Za-z]{2}$/.test(trimmed) ? countryName(trimmed.toUpperCase()) : 'Two-letter code, e.g. GB.';
}

const countryProps = {
  maxLength: 2,
  autoCapitalize: 'characters',
  autoComplete: 'off',
  spellCheck: false,
  className: 'input-short',
} as const;

/** The element to show for a field: its control, else the nearest group that holds it. */
function targetOf(path: string): HTMLElement | null {
  const keys = path.split('.');
  for (let n = keys.length; n > 0; n--) {
    const element = document.getElementById(controlId(keys.slice(0, n).join('.')));
    if (element) return element;
  }
  return null;
}

function show(element: HTMLElement | null) {
  element?.focus({ preventScroll: true });
  element?.scrollIntoView({ block: 'center' });
}

export function NewReferralPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState(() => emptyForm());
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [sending, setSending] = useState(false);
  const [saved, setSaved] = useState<Created>();
  // One key per filling of the form: a double click or a retry after a lost answer gives the same referral.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const sendingNow = useRef(false);
  const focusNext = useRef<() => HTMLElement | null>(null);
  const summary = useRef<HTMLDivElement>(null);

  // Focus moves after the render that made its target.
  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    show(target());
  });

  const binding: FormBinding = {
    value: (path) => String(getIn(values, path) ?? ''),
    error: (path) => errors.find((e) => e.path === path)?.message,
    change: (path, value) => {
      setValues((current) => setIn(current, path, value));
      setErrors((current) => current.filter((e) => e.path !== path));
    },
  };

  function addRow(path: string, row: object, first: string) {
    const index = (getIn(values, path) as unknown[]).length;
    setValues((current) => setIn(current, path, [...(getIn(current, path) as unknown[]), row]));
    setErrors((current) => current.filter((e) => e.path !== path));
    focusNext.current = () => document.getElementById(controlId(`${path}.${index}.${first}`));
  }

  function removeRow(path: string, index: number) {
    setValues((current) =>
      setIn(
        current,
        path,
        (getIn(current, path) as unknown[]).filter((_, i) => i !== index),
      ),
    );
    // Rows after it move up, so their errors no longer match: they come back on the next save.
    setErrors((current) => current.filter((e) => e.path !== path && !e.path.startsWith(`${path}.`)));
    focusNext.current = () => document.getElementById(`${controlId(path)}-add`);
  }

  function showErrors(found: FieldError[]) {
    setErrors(found);
    const first = found[0];
    focusNext.current = () => (first ? targetOf(first.path) : null) ?? summary.current;
  }

  async function save(key: string) {
    if (sendingNow.current) return;
    const input = toReferralInput(values);
    // The schema the server applies, so most mistakes are named before anything is sent.
    const parsed = ReferralInput.safeParse(input);
    setProblem(undefined);
    setConflict(false);
    if (!parsed.success) {
      showErrors(schemaErrors(parsed.error.issues, input));
      return;
    }
    sendingNow.current = true;
    setSending(true);
    setErrors([]);
    try {
      const created = await api.post<Created>('/referrals', input, { 'Idempotency-Key': key });
      if (can('referral:read')) {
        navigate(`/referrals/${created.id}`, { state: { created } satisfies CreatedState });
        return;
      }
      setSaved(created);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'idempotency_conflict') {
        setConflict(true);
      } else if (e instanceof ApiError && e.field && targetOf(e.field.replace(/\[(\d+)\]/g, '.$1'))) {
        // The server checks more than the schema (a phone number that cannot exist): show it at the field.
        showErrors([serverError(e.field, e.message)]);
      } else {
        setProblem(errorMessage(e));
      }
    } finally {
      sendingNow.current = false;
      setSending(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save(idempotencyKey);
  }

  function saveSeparately() {
    const key = newIdempotencyKey();
    setIdempotencyKey(key);
    void save(key);
  }

  function startAgain() {
    setValues(emptyForm());
    setErrors([]);
    setSaved(undefined);
    setIdempotencyKey(newIdempotencyKey());
    window.scrollTo({ top: 0 });
  }

  function jumpTo(event: MouseEvent<HTMLAnchorElement>, path: string) {
    event.preventDefault();
    show(targetOf(path));
  }

  if (saved) {
    return (
      <section className="page">
        <title>Referral saved · Sinag</title>
        <div className="page-header">
          <h1>Referral saved</h1>
        </div>
        <div className="notice notice-info" role="status" data-testid="referral-saved">
          <p>
            Referral <strong>{saved.reference}</strong> is saved and in the queue of the organisation that
            will work it.
          </p>
          <button type="button" className="button" onClick={startAgain}>
            Enter another referral
          </button>
        </div>
      </section>
    );
  }

  const phoneCountry = values.location.country.trim() || values.reporter.country.trim() || 'PH';
  const phoneCode = phoneCountry.toUpperCase();
  const phoneHint = `With its + country code; without one it is read as a ${phoneCode} number (${countryName(phoneCode)}).`;
  const inPhilippines = values.location.country.trim().toUpperCase() === 'PH';

  return (
    <section className="page form-page">
      <title>New referral · Sinag</title>
      <div className="page-header">
        <div>
          <h1>New referral</h1>
          <p className="muted page-intro">
            A referral received by email or phone, for example from a foreign police agency.
          </p>
        </div>
      </div>

      {errors.length > 0 && (
        <div
          className="notice notice-error error-summary"
          role="alert"
          aria-labelledby="error-summary-title"
          tabIndex={-1}
          ref={summary}
          data-testid="referral-form-errors"
        >
          <h2 className="notice-title" id="error-summary-title">
            {errors.length === 1 ? 'One field needs attention' : `${errors.length} fields need attention`}
          </h2>
          <ul>
            {errors.map((e) => (
              <li key={e.path}>
                <a href={`#${controlId(e.path)}`} onClick={(event) => jumpTo(event, e.path)}>
                  {describeField(e.path)}: {e.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}

      <FormContext value={binding}>
        <form
          className="referral-form"
          data-testid="referral-form"
          noValidate
          aria-busy={sending || undefined}
          onSubmit={submit}
        >
          <fieldset className="card form-section">
            <legend>Source</legend>
            <div className="form-grid">
              <SelectControl path="source" options={SOURCE_OPTIONS} required />
              <DateTimeControl path="receivedAt" hint={TIME_HINT} />
              <RowList
                path="externalIds"
                legend="External ids"
                item="external id"
                rows={values.externalIds}
                empty="Ids the sender gave the referral, e.g. UK NCA · NCA-2026-0042."
                onAdd={() => addRow('externalIds', newExternalId(), 'system')}
                onRemove={(index) => removeRow('externalIds', index)}
                renderRow={(index) => (
                  <>
                    <TextControl
                      path={`externalIds.${index}.system`}
                      hint="Who issued it, e.g. UK NCA."
                      required
                    />
                    <TextControl
                      path={`externalIds.${index}.id`}
                      required
                      spellCheck={false}
                      autoComplete="off"
                    />
                  </>
                )}
              />
            </div>
          </fieldset>

          <fieldset className="card form-section">
            <legend>Incident</legend>
            <div className="form-grid">
              <SelectControl
                path="incident.type"
                options={INCIDENT_OPTIONS}
                placeholder="Choose…"
                required
                wide
              />
              <DateTimeControl path="incident.occurredAt" hint={TIME_HINT} />
              <TextAreaControl path="incident.summary" rows={4} maxLength={5000} />
              <TextAreaControl
                path="incident.escalation"
                maxLength={5000}
                hint="Leave empty if none. Anything written here is shown as an escalation at the top of the referral."
              />
            </div>
          </fieldset>

          <fieldset className="card form-section">
            <legend>Reporter</legend>
            <div className="form-grid">
              <SelectControl path="reporter.kind" options={REPORTER_OPTIONS} required />
              <TextControl
                path="reporter.name"
                required
                hint="The agency or organisation."
                autoComplete="organization"
              />
              <TextControl
                path="reporter.country"
                hint={countryHint(values.reporter.country)}
                {...countryProps}
              />
              <TextControl path="reporter.contactName" autoComplete="off" />
              <TextControl path="reporter.email" type="email" autoComplete="off" spellCheck={false} />
              <TextControl path="reporter.phone" type="tel" autoComplete="off" />
            </div>
          </fieldset>

          <fieldset className="card form-section">
            <legend>Location</legend>
            <p className="muted section-intro">Where the child or the abuse is believed to be.</p>
            <div className="form-grid">
              <TextControl
                path="location.country"
                hint={countryHint(values.location.country)}
                {...countryProps}
              />
              {inPhilippines ? (
                <SelectControl path="location.region" options={REGION_OPTIONS} placeholder="Not known" />
              ) : (
                <TextControl path="location.region" label="Region or state" />
              )}
              <TextControl path="location.city" label="City or municipality" />
            </div>
          </fieldset>

          <RowList
            className="card form-section"
            path="reportedPersons"
            legend="Reported persons"
            item="person"
            cards
            rows={values.reportedPersons}
            empty="The suspects, and any intended recipient of the material."
            onAdd={() => addRow('reportedPersons', newPerson(), 'role')}
            onRemove={(index) => removeRow('reportedPersons', index)}
            renderRow={(p) => {
              const path = `reportedPersons.${p}`;
              const identifiers = values.reportedPersons[p]?.identifiers ?? [];
              return (
                <>
                  <SelectControl path={`${path}.role`} options={ROLE_OPTIONS} />
                  <TextControl
                    path={`${path}.name`}
                    hint="As the sender gave it; not a legal name unless it is one."
                  />
                  <RowList
                    path={`${path}.identifiers`}
                    legend="Identifiers"
                    item="identifier"
                    scope={` of person ${p + 1}`}
                    rows={identifiers}
                    empty="No identifiers: add an email, phone number, IP address, screen name…"
                    onAdd={() => addRow(`${path}.identifiers`, newIdentifier(), 'kind')}
                    onRemove={(index) => removeRow(`${path}.identifiers`, index)}
                    renderRow={(i) => {
                      const at = `${path}.identifiers.${i}`;
                      const kind = identifiers[i]?.kind;
                      return (
                        <>
                          <SelectControl path={`${at}.kind`} options={IDENTIFIER_OPTIONS} required />
                          <TextControl
                            path={`${at}.value`}
                            required
                            spellCheck={false}
                            autoComplete="off"
                            type={kind === 'phone' ? 'tel' : 'text'}
                            hint={kind === 'phone' ? phoneHint : undefined}
                          />
                          <TextControl
                            path={`${at}.service`}
                            hint="For screen names, user ids and accounts, e.g. Facebook."
                          />
                          <DateTimeControl path={`${at}.observedAt`} hint={TIME_HINT} />
                          <TextControl path={`${at}.event`} hint="E.g. login, upload, payment." />
                        </>
                      );
                    }}
                  />
                </>
              );
            }}
          />

          <RowList
            className="card form-section"
            path="evidenceReferences"
            legend="Evidence held elsewhere"
            item="evidence reference"
            rows={values.evidenceReferences}
            empty="Material the sender or another body holds: seized devices, preserved platform records, forensic reports."
            onAdd={() => addRow('evidenceReferences', newEvidence(), 'description')}
            onRemove={(index) => removeRow('evidenceReferences', index)}
            renderRow={(index) => (
              <>
                <TextControl
                  path={`evidenceReferences.${index}.description`}
                  required
                  wide
                  maxLength={1000}
                />
                <TextControl
                  path={`evidenceReferences.${index}.heldBy`}
                  required
                  hint="An agency, platform or lab."
                />
                <TextControl
                  path={`evidenceReferences.${index}.reference`}
                  hint="Its exhibit number or request id there."
                  spellCheck={false}
                />
              </>
            )}
          />

          <fieldset className="card form-section">
            <legend>Notes</legend>
            <div className="form-grid">
              <TextAreaControl path="notes" hideLabel rows={4} maxLength={20000} />
            </div>
          </fieldset>

          {conflict && (
            <div className="notice notice-error" role="alert">
              <p>
                An earlier attempt to save this form reached the server with different details, so that
                referral already exists. Look for it in the queue before saving again.
              </p>
              <button type="button" className="button" onClick={saveSeparately} disabled={sending}>
                Save as a separate referral
              </button>
            </div>
          )}
          <div className="form-actions">
            <button
              type="submit"
              className="button primary"
              data-testid="referral-form-submit"
              disabled={sending}
            >
              {sending ? 'Saving…' : 'Save referral'}
            </button>
            {can('referral:read') && (
              <Link to="/" className="button">
                Cancel
              </Link>
            )}
            <p role="alert" className="form-error">
              {problem}
            </p>
          </div>
        </form>
      </FormContext>
    </section>
  );
}

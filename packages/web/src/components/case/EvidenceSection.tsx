import type { CustodyVerification, EvidenceList, EvidenceView } from '@sinag/core';
import { useState } from 'react';
import { api } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { useAction } from '../../useAction.ts';
import { useResource } from '../../useResource.ts';
import { DateTime } from '../DateTime.tsx';
import { Hash } from '../Hash.tsx';
import { Section } from '../Section.tsx';
import { TableScroll } from '../TableScroll.tsx';
import { CaseForm, filled, Input, isoFromLocal, type Values } from './CaseForm.tsx';

type Verification = { ok: boolean; items: CustodyVerification[] };

function ChainMark({ check }: { check?: CustodyVerification }) {
  if (!check) return null;
  return check.ok ? (
    <span className="badge badge-allow" data-testid="chain-verified">
      Chain verified
    </span>
  ) : (
    <span className="badge badge-known" role="alert">
      Chain broken at entry {check.brokenAt}: {check.reason}
    </span>
  );
}

/** Hands an item on from whoever holds it now. */
function TransferForm({ caseId, item, onDone }: { caseId: string; item: EvidenceView; onDone: () => void }) {
  const { busy, error, run } = useAction();
  const [values, setValues] = useState<Values>({});
  const submit = async () => {
    const ok = await run(() =>
      api.post(`/cases/${caseId}/evidence/${item.id}/custody`, {
        ...values,
        from: item.custodian,
        at: isoFromLocal(values.at ?? ''),
      }),
    );
    if (ok) {
      setValues({});
      onDone();
    }
  };
  return (
    <CaseForm
      label={`Hand over ${item.label}`}
      submit="Record transfer"
      busy={busy}
      error={error}
      testId="custody-transfer"
      onSubmit={() => void submit()}
    >
      <Input name="to" label="To (new holder)" values={values} onChange={setValues} error={error} required />
      <Input
        name="at"
        label="When"
        type="datetime-local"
        values={values}
        onChange={setValues}
        error={error}
        required
      />
      <Input name="reason" label="Why" values={values} onChange={setValues} error={error} required />
    </CaseForm>
  );
}

function CustodyLog({
  caseId,
  item,
  canWork,
  onChanged,
}: {
  caseId: string;
  item: EvidenceView;
  canWork: boolean;
  onChanged: () => void;
}) {
  return (
    <details className="custody-log">
      <summary>
        Custody log of {item.label} ({item.custody.length} {item.custody.length === 1 ? 'entry' : 'entries'})
      </summary>
      <TableScroll label={`Custody log of ${item.label}`}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Why</th>
              <th scope="col">Entry hash</th>
            </tr>
          </thead>
          <tbody>
            {item.custody.map((c) => (
              <tr key={c.position}>
                <td className="numeric">{c.position}</td>
                <td>
                  <DateTime value={c.at} />
                </td>
                <td>{c.from}</td>
                <td>{c.to}</td>
                <td className="wrap">{c.reason}</td>
                <td>
                  <Hash value={c.hash} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {canWork && <TransferForm caseId={caseId} item={item} onDone={onChanged} />}
    </details>
  );
}

const EMPTY: Values = {};

/** Records a reference to material in the forensic system, with how it came into custody. */
function AddEvidence({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { busy, error, run } = useAction();
  const [values, setValues] = useState<Values>(EMPTY);
  const [restricted, setRestricted] = useState(false);
  const field = { values, onChange: setValues, error };
  const submit = async () => {
    const v = filled(values);
    const ok = await run(() =>
      api.post(`/cases/${caseId}/evidence`, {
        label: v.label,
        description: v.description,
        sha256: v.sha256,
        sha1: v.sha1,
        md5: v.md5,
        restricted,
        heldIn: { system: v.system, location: v.location, reference: v.reference },
        custody: { from: v.from, to: v.to, at: isoFromLocal(v.at ?? ''), reason: v.reason },
      }),
    );
    if (ok) {
      setValues(EMPTY);
      setRestricted(false);
      onDone();
    }
  };
  return (
    <details className="add-evidence">
      <summary>Add an evidence item</summary>
      <p className="hint">A reference only: the material stays in the forensic system. At least one hash.</p>
      <CaseForm
        label="Add an evidence item"
        submit="Add evidence"
        busy={busy}
        error={error}
        testId="add-evidence"
        onSubmit={() => void submit()}
      >
        <Input name="label" label="Label (exhibit number)" {...field} required />
        <Input name="description" label="Description" {...field} required />
        <Input name="sha256" label="SHA-256" {...field} />
        <Input name="sha1" label="SHA-1" {...field} />
        <Input name="md5" label="MD5" {...field} />
        <Input name="system" label="Held in (system)" {...field} required />
        <Input name="location" label="Location" {...field} required />
        <Input name="reference" label="Reference in that system" {...field} required />
        <Input name="from" label="Received from" {...field} required />
        <Input name="to" label="Received by (custodian)" {...field} required />
        <Input name="at" label="Received at" type="datetime-local" {...field} required />
        <Input name="reason" label="Reason" {...field} required />
        <div className="field">
          <label>
            <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />{' '}
            Restricted (a recorded disclosure interview: team and prosecutors only)
          </label>
        </div>
      </CaseForm>
    </details>
  );
}

/** Evidence references, their custody logs, and whether each hash chain still verifies. */
export function EvidenceSection({ caseId }: { caseId: string }) {
  const { can } = useSession();
  const evidence = useResource<EvidenceList>(`/cases/${caseId}/evidence`);
  const verification = useResource<Verification>(`/cases/${caseId}/evidence/verify`);
  const reload = () => {
    evidence.refresh();
    verification.refresh();
  };
  const items = evidence.data?.items ?? [];
  const canWork = can('case:manage');
  return (
    <Section title={`Evidence and chain of custody (${items.length})`} className="wide">
      {evidence.error && <p className="form-error">{evidence.error.message}</p>}
      {items.length === 0 ? (
        <p className="muted">No evidence recorded yet.</p>
      ) : (
        <TableScroll label="Evidence items">
          <table className="data-table" data-testid="evidence-table">
            <caption className="visually-hidden">Evidence items of this case</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Description</th>
                <th scope="col">SHA-256</th>
                <th scope="col">Held in</th>
                <th scope="col">Custodian</th>
                <th scope="col">Chain</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    {item.label}
                    {item.restricted && <span className="badge badge-warn"> restricted</span>}
                  </th>
                  <td className="wrap">{item.description}</td>
                  <td>
                    <Hash value={item.sha256 ?? item.sha1 ?? item.md5} />
                  </td>
                  <td className="wrap">
                    {item.heldIn.system}, {item.heldIn.location} ({item.heldIn.reference})
                  </td>
                  <td>{item.custodian}</td>
                  <td>
                    <ChainMark check={verification.data?.items.find((c) => c.evidenceId === item.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {items.map((item) => (
        <CustodyLog key={item.id} caseId={caseId} item={item} canWork={canWork} onChanged={reload} />
      ))}
      {canWork && <AddEvidence caseId={caseId} onDone={reload} />}
    </Section>
  );
}

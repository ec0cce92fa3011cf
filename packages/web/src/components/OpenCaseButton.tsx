import type { CaseDetail } from '@sinag/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../api.ts';
import { useSession } from '../session.tsx';

/** Opens a new case from one referral, then goes to it. Hidden from users who may not create cases. */
export function OpenCaseButton({ referralId }: { referralId: string }) {
  const { can } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!can('case:create')) return null;

  async function openCase() {
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<CaseDetail>('/cases', { referralIds: [referralId] });
      navigate(`/cases/${created.id}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <div className="open-case">
      <button
        type="button"
        className="button primary"
        data-testid="open-case"
        disabled={busy}
        onClick={openCase}
      >
        {busy ? 'Opening case…' : 'Open case'}
      </button>
      <p role="alert" className="form-error">
        {error}
      </p>
    </div>
  );
}

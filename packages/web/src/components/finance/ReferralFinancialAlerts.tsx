import type { FinanceAlertPage } from '@sinag/core';
import { Link } from 'react-router';
import { useSession } from '../../session.tsx';
import { useResource } from '../../useResource.ts';
import { Section } from '../Section.tsx';
import { INDICATOR_TITLES } from './indicators.ts';

/** On a referral's page: the financial screening alerts whose party it names (for those who read alerts). */
export function ReferralFinancialAlerts({ referralId }: { referralId: string }) {
  const { can } = useSession();
  return can('finance:read') ? <LinkedAlerts referralId={referralId} /> : null;
}

function LinkedAlerts({ referralId }: { referralId: string }) {
  const alerts = useResource<FinanceAlertPage>(`/finance/alerts?referral=${referralId}&pageSize=20`).data;
  if (!alerts?.total) return null;
  return (
    <Section title={`Financial alerts (${alerts.total})`} className="wide">
      <ul className="plain-list" data-testid="referral-financial-alerts">
        {alerts.items.map((a) => (
          <li key={a.id}>
            <Link to={`/finance/alerts/${a.id}`}>
              {a.party.role} {a.party.id}
            </Link>{' '}
            · score {a.score} · {a.status} ·{' '}
            <span className="muted">{a.indicators.map((i) => INDICATOR_TITLES[i.id]).join('; ')}</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

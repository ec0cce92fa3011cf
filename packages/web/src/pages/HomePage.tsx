import { Navigate } from 'react-router';
import { NoAccess } from '../components/Access.tsx';
import { useSession } from '../session.tsx';
import { QueuePage } from './QueuePage.tsx';

/** The queue for those who may read referrals; otherwise the first section the role allows. */
export function HomePage() {
  const { can } = useSession();
  if (can('referral:read')) return <QueuePage />;
  if (can('case:read')) return <Navigate to="/cases" replace />;
  if (can('finance:manage')) return <Navigate to="/finance/alerts" replace />;
  if (can('referral:create')) return <Navigate to="/referrals/new" replace />;
  return <NoAccess />;
}

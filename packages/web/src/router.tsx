import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequirePermission, RequireSession } from './components/Access.tsx';
import { BreachesPage } from './pages/BreachesPage.tsx';
import { CasePage } from './pages/CasePage.tsx';
import { CasesPage } from './pages/CasesPage.tsx';
import { DeadlinesPage } from './pages/DeadlinesPage.tsx';
import { DeconflictionPage } from './pages/DeconflictionPage.tsx';
import { FinanceAlertPage } from './pages/FinanceAlertPage.tsx';
import { FinanceAlertsPage } from './pages/FinanceAlertsPage.tsx';
import { HashSetsPage } from './pages/HashSetsPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NewReferralPage } from './pages/NewReferralPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ReferralPage } from './pages/ReferralPage.tsx';
import { RoutingRulesPage } from './pages/RoutingRulesPage.tsx';
import { RouteError } from './pages/RouteError.tsx';
import { SharedCasePage, SharedCasesPage } from './pages/SharedCasesPage.tsx';
import { StatutesPage } from './pages/StatutesPage.tsx';
import { TriageConfigPage } from './pages/TriageConfigPage.tsx';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      {
        // A failing page keeps the top bar.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'referrals/new',
            element: (
              <RequirePermission permission="referral:create">
                <NewReferralPage />
              </RequirePermission>
            ),
          },
          {
            path: 'referrals/:id',
            element: (
              <RequirePermission permission="referral:read">
                <ReferralPage />
              </RequirePermission>
            ),
          },
          {
            path: 'routing',
            element: (
              <RequirePermission permission="referral:read">
                <RoutingRulesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'cases',
            element: (
              <RequirePermission permission="case:read">
                <CasesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'cases/:id',
            element: (
              <RequirePermission permission="case:read">
                <CasePage />
              </RequirePermission>
            ),
          },
          {
            path: 'deadlines',
            element: (
              <RequirePermission permission="case:read">
                <DeadlinesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'finance/alerts',
            element: (
              <RequirePermission permission="finance:read">
                <FinanceAlertsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'finance/alerts/:id',
            element: (
              <RequirePermission permission="finance:read">
                <FinanceAlertPage />
              </RequirePermission>
            ),
          },
          {
            path: 'hash-sets',
            element: (
              <RequirePermission permission="hashset:read">
                <HashSetsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'triage',
            element: (
              <RequirePermission permission="triage:configure">
                <TriageConfigPage />
              </RequirePermission>
            ),
          },
          {
            path: 'triage/breaches',
            element: (
              <RequirePermission permission="triage:supervise">
                <BreachesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'deconfliction',
            element: (
              <RequirePermission permission="deconfliction:manage">
                <DeconflictionPage />
              </RequirePermission>
            ),
          },
          {
            path: 'shared-cases',
            element: (
              <RequirePermission permission="case:read">
                <SharedCasesPage />
              </RequirePermission>
            ),
          },
          {
            path: 'shared-cases/:id',
            element: (
              <RequirePermission permission="case:read">
                <SharedCasePage />
              </RequirePermission>
            ),
          },
          {
            path: 'statutes',
            element: (
              <RequirePermission permission="case:read">
                <StatutesPage />
              </RequirePermission>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

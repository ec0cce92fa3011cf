import type { Permission } from '@sinag/core';
import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { DeadlinesBadge } from './DeadlinesBadge.tsx';
import { useSession } from '../session.tsx';
import { UserMenu } from './UserMenu.tsx';

const SECTIONS: {
  to: string;
  label: string;
  permission: Permission;
  unless?: Permission;
  badge?: ReactNode;
}[] = [
  { to: '/', label: 'Queue', permission: 'referral:read' },
  // Those who read the queue start a referral from it; for a role that only submits, it is the section.
  { to: '/referrals/new', label: 'New referral', permission: 'referral:create', unless: 'referral:read' },
  { to: '/cases', label: 'Cases', permission: 'case:read' },
  { to: '/deadlines', label: 'Deadlines', permission: 'case:read', badge: <DeadlinesBadge /> },
  { to: '/hash-sets', label: 'Hash sets', permission: 'hashset:read' },
  { to: '/finance/alerts', label: 'Financial alerts', permission: 'finance:read' },
  { to: '/routing', label: 'Routing', permission: 'routing:manage' },
  { to: '/triage/breaches', label: 'Breaches', permission: 'triage:supervise' },
  { to: '/triage', label: 'Triage', permission: 'triage:configure' },
  { to: '/deconfliction', label: 'Deconfliction', permission: 'deconfliction:manage' },
  { to: '/shared-cases', label: 'Shared with us', permission: 'case:share' },
  { to: '/statutes', label: 'Statutes', permission: 'statute:manage' },
];

export function TopBar() {
  const { can } = useSession();
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        Sinag
      </Link>
      <nav aria-label="Main">
        <ul>
          {SECTIONS.filter(
            (section) => can(section.permission) && !(section.unless && can(section.unless)),
          ).map((section) => (
            // NavLink sets aria-current="page" on the active item.
            <li key={section.to}>
              <NavLink to={section.to} end={section.to === '/' || section.to === '/triage'}>
                {section.label}
                {section.badge}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <UserMenu />
    </header>
  );
}

import type { Permission } from '@sinag/core';
import { Link, NavLink } from 'react-router';
import { useSession } from '../session.tsx';
import { UserMenu } from './UserMenu.tsx';

const SECTIONS: { to: string; label: string; permission: Permission }[] = [
  { to: '/', label: 'Queue', permission: 'referral:read' },
  { to: '/cases', label: 'Cases', permission: 'case:read' },
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
          {SECTIONS.filter((section) => can(section.permission)).map((section) => (
            // NavLink sets aria-current="page" on the active item.
            <li key={section.to}>
              <NavLink to={section.to} end={section.to === '/'}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <UserMenu />
    </header>
  );
}

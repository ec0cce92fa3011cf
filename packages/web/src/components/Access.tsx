import type { Permission } from '@sinag/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../session.tsx';

/** Sends a visitor without a session to the login page, remembering where they were going. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location }} />;
  return children;
}

export function NoAccess() {
  return (
    <div className="notice">
      <p>Your role does not give access to this page. Ask an administrator if you need it.</p>
    </div>
  );
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  return can(permission) ? children : <NoAccess />;
}

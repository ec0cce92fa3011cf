import type { Role } from '@sinag/core';

/** The authenticated caller of a request or command, as the audit log records it. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  organisationId: string;
  via: 'session' | 'token';
  /** For session callers: the token a cookie-authenticated write must echo in X-CSRF-Token. */
  csrfToken?: string;
  sessionId?: string;
  ip: string | null;
}

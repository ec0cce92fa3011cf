import type { Role } from '@sinag/core';
import { auditActor, type AuditActor } from '../audit/log.ts';

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

/**
 * Who works an organisation's records outside the case and referral frames (hash sets, payments and alerts):
 * the organisation, the user (null for the command line acting directly on the database), and how the audit
 * log names them.
 */
export interface OrganisationActor {
  organisationId: string;
  userId: string | null;
  by: AuditActor;
}

export function organisationActor(actor: Actor): OrganisationActor {
  return { organisationId: actor.organisationId, userId: actor.userId, by: auditActor(actor) };
}

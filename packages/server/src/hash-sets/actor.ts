import { auditActor, type AuditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';

/** Whose sets are worked on (an organisation's), by whom, and how the audit log names them. */
export interface HashSetActor {
  organisationId: string;
  userId: string | null;
  by: AuditActor;
}

export function hashSetActor(actor: Actor): HashSetActor {
  return { organisationId: actor.organisationId, userId: actor.userId, by: auditActor(actor) };
}

import type { Actor } from '../auth/actor.ts';
import { auditActor, type AuditActor } from '../audit/log.ts';

/** Who works financial intelligence: their organisation owns the payments and alerts they see. */
export interface FinanceActor {
  organisationId: string;
  /** Null for the command line acting directly on the database. */
  userId: string | null;
  displayName: string;
  by: AuditActor;
}

export const financeActor = (actor: Actor): FinanceActor => ({
  organisationId: actor.organisationId,
  userId: actor.userId,
  displayName: actor.displayName,
  by: auditActor(actor),
});

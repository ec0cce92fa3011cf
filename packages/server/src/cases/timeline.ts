import type { Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';

export interface CaseEvent {
  /** Dotted, like audit actions: `stage.change`, `task.complete`, `warrant.served`. */
  kind: string;
  /** One line a reader of the timeline understands; never a victim's identity. */
  summary: string;
  detail?: Record<string, unknown>;
}

/** Appends events to a case's timeline in the caller's transaction (alongside its audit entries). */
export async function recordCaseEvents(
  trx: Transaction<Database>,
  actor: Pick<Actor, 'userId' | 'displayName'>,
  caseId: string,
  events: CaseEvent[],
): Promise<void> {
  if (!events.length) return;
  await trx
    .insertInto('case_events')
    .values(
      events.map((e) => ({
        case_id: caseId,
        actor_id: actor.userId,
        actor_name: actor.displayName,
        kind: e.kind,
        summary: e.summary,
        detail: e.detail ? JSON.stringify(e.detail) : null,
      })),
    )
    .execute();
}

import { organisationActor, type Actor, type OrganisationActor } from '../auth/actor.ts';

/** Who works financial intelligence: their organisation owns the payments and alerts they see. */
export interface FinanceActor extends OrganisationActor {
  /** Names them on a case timeline when an alert is linked to a case. */
  displayName: string;
}

export const financeActor = (actor: Actor): FinanceActor => ({
  ...organisationActor(actor),
  displayName: actor.displayName,
});

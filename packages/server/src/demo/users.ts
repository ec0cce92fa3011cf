import type { Role } from '@sinag/core';
import type { AuditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Services } from '../services.ts';
import { createUser, findUserId } from '../users/service.ts';

/** The people of the demo centre: they give assignments, leads and teams a name. */
const DEMO_STAFF = [
  { username: 'rosa.villanueva', displayName: 'Rosa Villanueva', role: 'supervisor' },
  { username: 'ben.cruz', displayName: 'Ben Cruz', role: 'analyst' },
  { username: 'carla.santos', displayName: 'Carla Santos', role: 'analyst' },
  { username: 'dan.bautista', displayName: 'Dan Bautista', role: 'investigator' },
  { username: 'elena.garcia', displayName: 'Elena Garcia', role: 'prosecutor' },
  { username: 'fe.mendoza', displayName: 'Fe Mendoza', role: 'social-worker' },
  { username: 'gil.ramos', displayName: 'Gil Ramos', role: 'financial-analyst' },
] as const satisfies readonly { username: string; displayName: string; role: Role }[];

type StaffRole = (typeof DEMO_STAFF)[number]['role'];

export interface DemoStaff {
  supervisor: Actor;
  analysts: Actor[];
  investigator: Actor;
  prosecutor: Actor;
  socialWorker: Actor;
  financialAnalyst: Actor;
}

/**
 * Creates the demo staff in the intake organisation (a user that exists already is kept), each with a random
 * password nobody is shown: an administrator resets one to log in as that person.
 */
export async function demoStaff(
  services: Services,
  by: AuditActor,
  organisationId: string,
): Promise<DemoStaff> {
  const { name: organisation } = await services.db
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const actors = await Promise.all(
    DEMO_STAFF.map(async (person): Promise<Actor & { role: StaffRole }> => {
      const userId =
        (await findUserId(services, person.username)) ??
        (await createUser(services, by, { ...person, organisation })).user.id;
      return { ...person, userId, organisationId, via: 'token', ip: null };
    }),
  );
  const one = (role: StaffRole) => actors.find((a) => a.role === role)!;
  return {
    supervisor: one('supervisor'),
    analysts: actors.filter((a) => a.role === 'analyst'),
    investigator: one('investigator'),
    prosecutor: one('prosecutor'),
    socialWorker: one('social-worker'),
    financialAnalyst: one('financial-analyst'),
  };
}

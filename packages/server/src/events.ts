import { EventEmitter } from 'node:events';

/** Why the hash sets that matching uses changed. */
export type HashSetsChangeReason = 'created' | 'updated' | 'deleted' | 'imported';

export interface HashSetsChanged {
  hashSetId: string;
  organisationId: string;
  reason: HashSetsChangeReason;
}

/** What happens inside the server that other parts react to (e.g. match indexes reload their sets). */
export interface ServerEventMap {
  hashSetsChanged: [HashSetsChanged];
}

export type ServerEvents = EventEmitter<ServerEventMap>;

export function createServerEvents(): ServerEvents {
  return new EventEmitter<ServerEventMap>();
}

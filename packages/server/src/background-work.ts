import { startLoop, type LoopPacing } from './background.ts';
import { startUpkeep } from './db/upkeep.ts';
import { REPUBLISH_BATCH, republishStale } from './deconfliction/service.ts';
import { startLinking } from './linking/worker.ts';
import { startMatching } from './matching/worker.ts';
import { startRouting } from './routing/worker.ts';
import type { Services } from './services.ts';
import { startRescoring } from './triage/rescore.ts';

/**
 * Everything a server derives from stored referrals in the background: matching files against hash sets,
 * linking identifiers into clusters, routing, re-scoring when new facts arrive, keeping deconfliction
 * publications in step with open cases, and vacuuming and analysing tables where autovacuum does not. One
 * place starts them, so the server, the tests and the benchmarks run the same work.
 */
export function startBackgroundWork(services: Services, pacing: LoopPacing = {}): { stop(): Promise<void> } {
  const loops = [
    startMatching(services, pacing),
    startRouting(services, pacing),
    startRescoring(services, pacing),
    startLinking(services, pacing),
    startLoop(() => republishStale(services), 'deconfliction republishing', pacing, REPUBLISH_BATCH),
    // On its own clock, whatever the pacing of the others.
    startUpkeep(services.db, services.dbKind, pacing),
  ];
  return {
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}

import type { LoopPacing } from './background.ts';
import { startLinking } from './linking/worker.ts';
import { startMatching } from './matching/worker.ts';
import { startRouting } from './routing/worker.ts';
import type { Services } from './services.ts';
import { startRescoring } from './triage/rescore.ts';

/**
 * Everything a server derives from stored referrals in the background: matching files against hash sets,
 * linking identifiers into clusters, routing, and re-scoring when new facts arrive. One place starts them, so the server, the tests and the
 * benchmarks run the same work.
 */
export function startBackgroundWork(services: Services, pacing: LoopPacing = {}): { stop(): Promise<void> } {
  const loops = [
    startMatching(services, pacing),
    startRouting(services, pacing),
    startRescoring(services, pacing),
    startLinking(services, pacing),
  ];
  return {
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}

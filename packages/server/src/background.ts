/** Pacing of a background loop: how long to wait after a round that emptied its queue, and after a full one. */
export interface LoopPacing {
  idleMs?: number;
  busyMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Runs `round` again and again in the background. A round returns how many items it took, at most `batch`.
 * After a full batch more is waiting, so the next round follows `busyMs` later. Otherwise the round emptied
 * its queue and the loop waits `idleMs`, so that what arrives meanwhile is taken as one batch: a round's fixed
 * cost (taking from the queue, locking, reading settings, its audit entries) is then shared by many items.
 * Under a steady flow of referrals, pausing only `busyMs` after every round that found something gave batches
 * of four or five, and a tenth to a quarter of the CPU per report went to those rounds' fixed costs
 * (docs/benchmarks.md). A failing round is reported and the loop goes on. `stop` waits for the round in
 * progress.
 */
export function startLoop(
  round: () => Promise<number>,
  what: string,
  {
    idleMs = 500,
    busyMs = 25,
    onError = (error) => console.error(`${what} failed:`, error),
  }: LoopPacing = {},
  batch = Infinity,
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = async () => {
    let done = 0;
    try {
      done = await round();
    } catch (error) {
      onError(error);
    }
    if (!stopped) timer = setTimeout(tick, done >= batch ? busyMs : idleMs);
  };
  const tick = () => {
    running = run();
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

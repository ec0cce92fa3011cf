/** Pacing of a background loop: how long to wait after a round that found work, and after one that did not. */
export interface LoopPacing {
  idleMs?: number;
  busyMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Runs `round` again and again in the background: `busyMs` after a round that did some work (a pause lets the
 * next round's work gather, and one large batch costs less than many small ones), `idleMs` after one that
 * found none. A failing round is reported and the loop goes on. `stop` waits for the round in progress.
 */
export function startLoop(
  round: () => Promise<number>,
  what: string,
  {
    idleMs = 250,
    busyMs = 25,
    onError = (error) => console.error(`${what} failed:`, error),
  }: LoopPacing = {},
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
    if (!stopped) timer = setTimeout(tick, done > 0 ? busyMs : idleMs);
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

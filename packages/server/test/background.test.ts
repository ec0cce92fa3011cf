import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLoop } from '../src/background.ts';

/** When each round of a loop ran (fake ms), given what the rounds return in turn (then 0). */
async function roundTimes(returns: number[], batch: number | undefined, untilMs: number): Promise<number[]> {
  const times: number[] = [];
  const start = Date.now();
  let i = 0;
  const loop = startLoop(
    async () => {
      times.push(Date.now() - start);
      return returns[i++] ?? 0;
    },
    'test loop',
    { idleMs: 100, busyMs: 10 },
    batch,
  );
  await vi.advanceTimersByTimeAsync(untilMs);
  await loop.stop();
  return times;
}

describe('background loop pacing', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    // A full batch means a backlog: the next round follows busyMs later.
    { returns: [5, 5, 5], batch: 5, times: [0, 10, 20, 30, 130, 230] },
    // A partial batch emptied the queue: the next round waits idleMs, letting work gather.
    { returns: [4, 1, 5], batch: 5, times: [0, 100, 200, 210, 310] },
    // Nothing found: idleMs.
    { returns: [], batch: 5, times: [0, 100, 200, 300] },
    // Without a batch size every round counts as emptying its queue.
    { returns: [1000, 1000], batch: undefined, times: [0, 100, 200, 300] },
  ])('rounds returning $returns of batch $batch run at $times ms', async ({ returns, batch, times }) => {
    expect(await roundTimes(returns, batch, times.at(-1)!)).toEqual(times);
  });

  it('goes on after a failing round, reporting it', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const loop = startLoop(
      async () => {
        calls++;
        if (calls === 1) throw new Error('first round fails');
        return 0;
      },
      'test loop',
      { idleMs: 100, onError: (error) => errors.push(error) },
    );
    await vi.advanceTimersByTimeAsync(100);
    await loop.stop();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('first round fails')]);
  });

  it('stops: no round after stop', async () => {
    let calls = 0;
    const loop = startLoop(async () => ++calls, 'test loop', { idleMs: 100, busyMs: 10 }, 1);
    await vi.advanceTimersByTimeAsync(25);
    await loop.stop();
    const stoppedAt = calls;
    await vi.advanceTimersByTimeAsync(1000);
    expect(stoppedAt).toBe(3);
    expect(calls).toBe(stoppedAt);
  });
});

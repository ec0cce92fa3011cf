import { describe, expect, it } from 'vitest';
import { FlushSchedule, SCREENING_FLUSH_EVERY } from '../src/index.ts';

const DAY = 86_400_000;

/** Where a schedule flushes in a stream of payment times: the indexes of the payments each flush follows. */
function flushesAfter(times: number[], windowDays = 28): number[] {
  const schedule = new FlushSchedule(windowDays);
  const after: number[] = [];
  times.forEach((at, i) => {
    if (schedule.flushBefore(at)) {
      after.push(i - 1);
      schedule.flushed();
    }
    if (schedule.pushed(at)) {
      after.push(i);
      schedule.flushed();
    }
  });
  return after;
}

describe('the screening flush schedule', () => {
  it.each([
    ['payments within a quarter window: no flush', [0, 1, 6.9, 7].map((d) => d * DAY), []],
    ['the first payment past a quarter window flushes before it', [0, 3, 7.5, 8].map((d) => d * DAY), [1]],
    [
      'the quarter window counts from the first payment after a flush',
      [0, 8, 14, 15.5].map((d) => d * DAY),
      [0, 2],
    ],
    ['a gap longer than the window flushes once', [0, 1, 100].map((d) => d * DAY), [1]],
  ])('%s', (_, times, expected) => {
    expect(flushesAfter(times)).toEqual(expected);
  });

  it(`flushes after every ${SCREENING_FLUSH_EVERY} payments, however close in time`, () => {
    const times = Array.from({ length: 2 * SCREENING_FLUSH_EVERY + 5 }, (_, i) => i);
    expect(flushesAfter(times)).toEqual([SCREENING_FLUSH_EVERY - 1, 2 * SCREENING_FLUSH_EVERY - 1]);
  });

  it('follows the window: a 4-day window flushes after a day', () => {
    expect(
      flushesAfter(
        [0, 0.5, 1.2].map((d) => d * DAY),
        4,
      ),
    ).toEqual([1]);
  });
});

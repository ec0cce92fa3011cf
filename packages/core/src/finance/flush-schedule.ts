const DAY = 86_400_000;

/** Payments pushed between flushes at most: alerts are stored as screening goes, not all at the end. */
export const SCREENING_FLUSH_EVERY = 100_000;
/**
 * Stream time between flushes at most, as a share of the window: a flush evaluates parties against the
 * window ending at the latest payment, so a pattern flushed only after a window's worth of later payments
 * would already have left it (with a 30-day window and 3,000 payments a day, 100,000 payments span 33 days).
 */
const FLUSH_WINDOW_SHARE = 4;

/**
 * When a stream of payments in time order should flush its screener: before a payment that is more than a
 * quarter window after the first one since the last flush, and after every SCREENING_FLUSH_EVERY payments.
 * Intake and the benchmarks screen on this one schedule, so what is measured is what intake does.
 */
export class FlushSchedule {
  private readonly spanMs: number;
  private pending = 0;
  private flushBy = Infinity;

  constructor(windowDays: number) {
    this.spanMs = (windowDays * DAY) / FLUSH_WINDOW_SHARE;
  }

  /** Whether to flush before pushing a payment made at `at`. */
  flushBefore(at: number): boolean {
    return this.pending > 0 && at > this.flushBy;
  }

  /** Counts a pushed payment; whether to flush now. */
  pushed(at: number): boolean {
    if (this.pending === 0) this.flushBy = at + this.spanMs;
    return ++this.pending >= SCREENING_FLUSH_EVERY;
  }

  /** The screener was flushed. */
  flushed(): void {
    this.pending = 0;
  }
}

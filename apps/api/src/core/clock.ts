/**
 * Where `now` comes from. The domain has no clock: every command gets its instant from here, so tests
 * (and demos) can move time, e.g. to let an invitation expire.
 */
export interface Clock {
  /** ISO-8601 instant. */
  now(): string;
}

/** The system time; the ISO string is formatted once per millisecond (several commands share one under load). */
export const systemClock: Clock = (() => {
  let lastMs = Number.NaN;
  let lastInstant = '';
  return {
    now(): string {
      const ms = Date.now();
      if (ms !== lastMs) {
        lastMs = ms;
        lastInstant = new Date(ms).toISOString();
      }
      return lastInstant;
    },
  };
})();

/** A clock that stands still until moved. */
export class ManualClock implements Clock {
  private instantMs: number;

  constructor(start: string | Date = new Date()) {
    this.instantMs = new Date(start).getTime();
  }

  now(): string {
    return new Date(this.instantMs).toISOString();
  }

  set(instant: string | Date): void {
    this.instantMs = new Date(instant).getTime();
  }

  advanceDays(days: number): void {
    this.instantMs += days * 86_400_000;
  }
}

import { ManualClock, systemClock } from './clock';

describe('The clocks', () => {
  it('system: ISO-8601 instants (the same string within one millisecond)', () => {
    for (let i = 0; i < 10_000; i++) {
      const now = systemClock.now();
      expect(new Date(now).toISOString()).toBe(now);
    }
  });

  it('manual: stands still until moved', () => {
    const clock = new ManualClock('2025-03-15T10:00:00.000Z');
    expect(clock.now()).toBe('2025-03-15T10:00:00.000Z');
    clock.advanceDays(1);
    expect(clock.now()).toBe('2025-03-16T10:00:00.000Z');
  });
});

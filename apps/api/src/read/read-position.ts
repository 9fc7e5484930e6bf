import type { EventStore } from '@skype-manager/event-store';

/**
 * How far the data a query reads has caught up with the log. Queries accept `?minPosition=N` (the
 * `position` of a command's answer) and wait, bounded, until their data reflects it.
 */
export interface ReadPosition {
  /** True once position `minPosition` is reflected; false when `timeoutMs` passed first. */
  waitFor(minPosition: number, timeoutMs: number): Promise<boolean>;
}

export const READ_POSITION = Symbol('READ_POSITION');

const POLL_MS = 10;

/**
 * For reads served from the command side (catalogue, usage authorizations): they reflect every
 * committed event, so the wait is only for a position not yet written. The read side replaces this
 * with the projector's checkpoint (see ReadModule).
 */
export class LogHeadPosition implements ReadPosition {
  constructor(private readonly store: EventStore) {}

  async waitFor(minPosition: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.store.headPosition()) >= minPosition) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

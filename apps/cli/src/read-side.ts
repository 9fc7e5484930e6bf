import type { ReadModelReplayFactory } from '@skype-manager/audit';
import type { EventStore } from '@skype-manager/event-store';
import type { ReadStore } from '@skype-manager/read-store';

/**
 * SEAM — the read side, owned by the projections package. `verify` compares read models rebuilt from
 * the log with the live ones, and `replay` rebuilds the live ones, through these two functions. Until
 * the projections package exports a replay into an in-memory read store and a rebuild, they say so:
 * verify then checks the log (chain, revisions, invariants) and answers `readModelsMatch: null`, and
 * replay refuses with a clear message.
 */
export interface ReadSide {
  /** A fresh in-memory replay of one Manager (or of every Manager for ''), compared with `live`. */
  replayFactory?(live: ReadStore): ReadModelReplayFactory;
  /** Rebuilds every read model in `live` from the log; resolves when caught up. */
  rebuild?(store: EventStore, live: ReadStore, onProgress: (position: number, head: number) => void): Promise<void>;
}

export const READ_SIDE: ReadSide = {};

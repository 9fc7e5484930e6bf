import { readModelReplay, type ReadModelReplayFactory } from '@skype-manager/audit';
import type { EventStore } from '@skype-manager/event-store';
import { createAuditReadSide, rebuildReadModels } from '@skype-manager/projections';
import type { ReadStore } from '@skype-manager/read-store';

/**
 * The read side, as the CLI uses it (owned by the projections package): `verify` replays the log
 * into fresh in-memory read models and compares them with the live ones; `replay` rebuilds the live
 * ones. An interface so tests can stand in for either.
 */
export interface ReadSide {
  /** A fresh in-memory replay of one Manager (or of every Manager for ''), compared with `live`. */
  replayFactory?(live: ReadStore): ReadModelReplayFactory;
  /** Rebuilds every read model in `live` from the log; resolves when caught up. */
  rebuild?(store: EventStore, live: ReadStore, onProgress: (position: number, head: number) => void): Promise<void>;
}

export const READ_SIDE: ReadSide = {
  replayFactory: (live) => readModelReplay(createAuditReadSide(live)),
  rebuild: (store, live, onProgress) => rebuildReadModels(store, live, onProgress),
};

import type { RecordedEvent } from '@skype-manager/event-store';
import type { ReadStore } from '@skype-manager/read-store';
import { compareReadModels, type CollectionPair } from './compare-read-models';
import type { ReadModelReplay, ReadModelReplayFactory } from './read-model-replay';

/**
 * A `ReadModelReplay` over any projection runtime: what it needs from the read side is below, a few
 * lines to write once the projections package exports its runtime (fresh generations in a
 * `SqliteReadStore(':memory:')`, `applyBatch`, the live active generations, their checkpoints).
 */
export interface ReadSideForAudit {
  /** The live read models. */
  live: ReadStore;
  /** Fresh, empty read models in memory, fed page by page, and how their collections pair with the live ones. */
  createFresh(): Promise<FreshReadModels>;
  /** The position every live read model has reached. */
  livePosition(): Promise<number>;
}

export interface FreshReadModels {
  store: ReadStore;
  apply(page: readonly RecordedEvent[]): Promise<void>;
  /** Each fresh collection with the live collection it must equal. */
  pairs(): Promise<CollectionPair[]>;
}

export interface ReadModelReplayOptions {
  /** How long to wait for the live read models to reach the verified position before reporting them behind. */
  waitMs?: number;
  pollMs?: number;
}

export function readModelReplay(side: ReadSideForAudit, options: ReadModelReplayOptions = {}): ReadModelReplayFactory {
  const waitMs = options.waitMs ?? 10_000;
  const pollMs = options.pollMs ?? 100;
  return async (managerId: string): Promise<ReadModelReplay> => {
    const fresh = await side.createFresh();
    return {
      apply: (page) => fresh.apply(page),
      async compare(position) {
        const reached = await waitForPosition(side, position, waitMs, pollMs);
        if (reached < position) {
          return [{ detail: `the live read models are at position ${reached}, behind the verified log (${position}): not compared` }];
        }
        return compareReadModels(fresh.store, side.live, await fresh.pairs(), {
          managerId: managerId === '' ? undefined : managerId,
          position,
        });
      },
      close: () => fresh.store.close(),
    };
  };
}

async function waitForPosition(side: ReadSideForAudit, position: number, waitMs: number, pollMs: number): Promise<number> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const reached = await side.livePosition();
    if (reached >= position || Date.now() >= deadline) return reached;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

import type { EventStore, RecordedEvent } from '@skype-manager/event-store';
import { SqliteReadStore, type ReadStore } from '@skype-manager/read-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { applyBatch } from './batch-applier';
import {
  collectionSpecs,
  generationKey,
  newGeneration,
  physicalCollection,
  readPointer,
  ReadModels,
} from './generations';
import type { Projection } from './projection';
import { Projector } from './projector';

/**
 * What the audit (`readModelReplay` of @skype-manager/audit) and the CLI need from the read side:
 * read models replayed afresh in memory, paired with the live ones, and a full rebuild.
 */
export interface FreshReadModels {
  store: ReadStore;
  apply(page: readonly RecordedEvent[]): Promise<void>;
  pairs(): Promise<Array<{ name: string; fresh: string; live: string }>>;
}

export interface AuditReadSide {
  live: ReadStore;
  createFresh(): Promise<FreshReadModels>;
  livePosition(): Promise<number>;
}

/** The read side as `readModelReplay(side)` of @skype-manager/audit expects it. */
export function createAuditReadSide(
  live: ReadStore,
  projections: readonly Projection[] = ALL_PROJECTIONS,
): AuditReadSide {
  const readModels = new ReadModels(live, projections);
  return {
    live,
    livePosition: () => readModels.position(),
    async createFresh() {
      const store = new SqliteReadStore({ path: ':memory:' });
      const generations = projections.map((projection) =>
        newGeneration(projection, generationKey(projection.name, projection.version)),
      );
      await store.ensureCollections(generations.flatMap(collectionSpecs));
      return {
        store,
        apply: async (page) => void (await applyBatch(store, generations, page)),
        pairs: async () => {
          const pairs: Array<{ name: string; fresh: string; live: string }> = [];
          for (const generation of generations) {
            const activeKey = await readModels.activeGeneration(generation.projection.name);
            for (const [logical, fresh] of generation.collections) {
              pairs.push({
                name: `${generation.projection.name}.${logical}`,
                fresh,
                live: physicalCollection(activeKey, logical),
              });
            }
          }
          return pairs;
        },
      };
    },
  };
}

/**
 * Rebuilds every read model from position 0 into fresh generations and switches to them once caught
 * up (projections never built before are simply built). Run it while no other projector feeds the
 * same read store: that one would keep feeding the generations this replaces.
 */
export async function rebuildReadModels(
  eventStore: EventStore,
  readStore: ReadStore,
  onProgress: (position: number, head: number) => void = () => undefined,
  projections: readonly Projection[] = ALL_PROJECTIONS,
): Promise<void> {
  const projector = new Projector({ eventStore, readStore, projections });
  const progress = setInterval(() => {
    void projector.lag().then((rows) => {
      const behind = rows.filter((row) => row.state !== 'frozen');
      if (behind.length > 0)
        onProgress(Math.min(...behind.map((row) => row.checkpoint)), behind[0].headPosition);
    });
  }, 500);
  try {
    // Projections never built before are built from 0 by start() itself: rebuilding them too would
    // only do the same work twice.
    const built: string[] = [];
    for (const projection of projections)
      if (await readPointer(readStore, projection.name)) built.push(projection.name);
    await projector.start();
    const head = await eventStore.headPosition();
    if (built.length > 0) await projector.rebuild(built);
    while (!(await projector.waitForPosition(head, 30_000))) {
      if (projector.failed) throw projector.failed;
    }
    if (projector.failed) throw projector.failed;
    onProgress(head, head);
  } finally {
    clearInterval(progress);
    await projector.stop();
  }
}

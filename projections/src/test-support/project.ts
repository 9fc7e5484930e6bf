import type { RecordedEvent } from '@skype-manager/event-store';
import { SqliteReadStore, type ReadStore, type StoredDocument } from '@skype-manager/read-store';
import { applyBatch } from '../runtime/batch-applier';
import {
  collectionSpecs,
  generationKey,
  newGeneration,
  ReadModels,
  type Generation,
} from '../runtime/generations';
import type { Projection } from '../runtime/projection';

/**
 * Runs a projection over events on a real SQLite `:memory:` read store, the way the runtime does
 * (batches, one transaction each), without a log or a subscription.
 */
export interface Projected {
  store: ReadStore;
  generation: Generation;
  /** Readers resolve the projection's collections to this generation. */
  readModels: ReadModels;
}

export async function project(
  projections: Projection | readonly Projection[],
  events: readonly RecordedEvent[],
  options: { batchSize?: number; store?: ReadStore } = {},
): Promise<Projected> {
  const list = Array.isArray(projections) ? projections : [projections as Projection];
  const store = options.store ?? new SqliteReadStore();
  const generations = list.map((projection) =>
    newGeneration(projection, generationKey(projection.name, projection.version)),
  );
  await store.ensureCollections(generations.flatMap(collectionSpecs));
  await applyInBatches(store, generations, events, options.batchSize ?? 7);
  return { store, generation: generations[0], readModels: new ReadModels(store, list) };
}

export async function applyInBatches(
  store: ReadStore,
  generations: Generation[],
  events: readonly RecordedEvent[],
  batchSize: number,
): Promise<void> {
  for (let start = 0; start < events.length; start += batchSize) {
    await applyBatch(store, generations, events.slice(start, start + batchSize));
  }
}

/** Every document of every collection of a generation, by logical collection, in id order. */
export async function documentsOf(
  store: ReadStore,
  generation: Generation,
): Promise<Record<string, StoredDocument[]>> {
  const result: Record<string, StoredDocument[]> = {};
  for (const [logical, physical] of generation.collections) result[logical] = await store.find(physical);
  return result;
}

/** Applies the same events again from position 0 (as if the checkpoint were lost): nothing may change. */
export async function replayAgain(
  projected: Projected,
  events: readonly RecordedEvent[],
  batchSize = 5,
): Promise<void> {
  projected.generation.checkpoint = 0;
  await applyInBatches(projected.store, [projected.generation], events, batchSize);
}

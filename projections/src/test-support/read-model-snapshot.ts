import type { StoredDocument } from '@skype-manager/read-store';
import type { ReadModels } from '../runtime/generations';
import type { Projection } from '../runtime/projection';

/** Every document of every projection's active generation, keyed `projection.collection`. */
export async function snapshotReadModels(
  readModels: ReadModels,
  projections: readonly Projection[],
): Promise<Record<string, StoredDocument[]>> {
  const snapshot: Record<string, StoredDocument[]> = {};
  for (const projection of projections) {
    for (const logical of Object.keys(projection.collections)) {
      snapshot[`${projection.name}.${logical}`] = await readModels.store.find(
        await readModels.collection(projection.name, logical),
      );
    }
  }
  return snapshot;
}

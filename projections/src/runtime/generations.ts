import type { CollectionSpec, ReadStore, StoredDocument } from '@skype-manager/read-store';
import type { Projection } from './projection';

/**
 * A generation is one physical build of a projection: its own collections (`balances_v2_accounts`) and
 * its own checkpoint (`balances_v2`). Readers follow a pointer document naming the active generation;
 * a new version or a rebuild fills a fresh generation from position 0 while the old one keeps serving,
 * and the pointer moves once the new one has caught up. Nothing is ever rebuilt in place.
 */
export const GENERATIONS_COLLECTION = 'projector_generations';

export interface GenerationPointer extends StoredDocument {
  /** The projection name. */
  id: string;
  /** Key of the generation readers use. */
  active: string;
  activeVersion: number;
  /** Physical collections of the active generation (to drop them once replaced, even by other code). */
  collections: string[];
  /** A generation being built to replace the active one (resumed after a restart). */
  building: { key: string; version: number; collections: string[] } | null;
  /** How many rebuilds were started: numbers the rebuilt generations' keys. */
  rebuilds: number;
}

export interface Generation {
  projection: Projection;
  key: string;
  /** Logical collection name → physical name. */
  collections: ReadonlyMap<string, string>;
  /** Last position applied (the stored checkpoint, kept in memory by the runtime). */
  checkpoint: number;
}

export function generationKey(name: string, version: number, rebuild = 0): string {
  return rebuild === 0 ? `${name}_v${version}` : `${name}_v${version}_r${rebuild}`;
}

export function physicalCollection(key: string, logical: string): string {
  return `${key}_${logical}`;
}

export function newGeneration(projection: Projection, key: string, checkpoint = 0): Generation {
  const collections = new Map<string, string>();
  for (const logical of Object.keys(projection.collections))
    collections.set(logical, physicalCollection(key, logical));
  return { projection, key, collections, checkpoint };
}

export function collectionSpecs(generation: Generation): CollectionSpec[] {
  return Object.entries(generation.projection.collections).map(([logical, declaration]) => ({
    name: physicalCollection(generation.key, logical),
    indexes: declaration.indexes,
  }));
}

export async function readPointer(store: ReadStore, name: string): Promise<GenerationPointer | undefined> {
  return (await store.get(GENERATIONS_COLLECTION, name)) as GenerationPointer | undefined;
}

/**
 * Resolves logical collections to the active generation's physical ones, for readers (queries, the
 * API's read-your-writes wait). Before a projection has ever run, the code's version is assumed.
 */
export class ReadModels {
  private readonly versions: ReadonlyMap<string, number>;

  constructor(
    readonly store: ReadStore,
    projections: readonly Projection[],
  ) {
    this.versions = new Map(projections.map((projection) => [projection.name, projection.version]));
  }

  get projectionNames(): string[] {
    return [...this.versions.keys()];
  }

  async activeGeneration(projection: string): Promise<string> {
    const version = this.versions.get(projection);
    if (version === undefined) throw new Error(`unknown projection ${projection}`);
    const pointer = await readPointer(this.store, projection);
    return pointer?.active ?? generationKey(projection, version);
  }

  async collection(projection: string, logical: string): Promise<string> {
    return physicalCollection(await this.activeGeneration(projection), logical);
  }

  /** The position the active generation of `projection` has reached. */
  async checkpoint(projection: string): Promise<number> {
    return this.store.checkpoint(await this.activeGeneration(projection));
  }

  /** The position every one of `projections` (default: all) has reached: what an answer reflects. */
  async position(projections: readonly string[] = this.projectionNames): Promise<number> {
    const checkpoints = await Promise.all(projections.map((name) => this.checkpoint(name)));
    return checkpoints.length === 0 ? 0 : Math.min(...checkpoints);
  }
}

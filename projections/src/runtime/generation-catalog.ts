import type { ReadStore } from '@skype-manager/read-store';
import {
  GENERATIONS_COLLECTION,
  collectionSpecs,
  generationKey,
  newGeneration,
  readPointer,
  type Generation,
  type GenerationPointer,
} from './generations';
import type { Projection } from './projection';
import type { ProjectionLag } from './projector-metrics';

/** The generation readers use now. `fed` is absent when no lane feeds it (its code version is gone). */
interface Served {
  projection: string;
  key: string;
  collections: string[];
  fed: Generation | undefined;
  checkpoint: number;
}

/** A generation being filled from position 0 to replace the served one. */
export interface Build {
  generation: Generation;
}

/**
 * What the projector knows about generations: which one serves each projection, which are being
 * built, and the pointer documents that tell readers (in this process or another) where to read.
 */
export class GenerationCatalog {
  private readonly projections: ReadonlyMap<string, Projection>;
  private readonly served = new Map<string, Served>();
  private readonly builds = new Map<string, Build>();
  private readonly servingListeners = new Map<
    string,
    Array<{ resolve: () => void; reject: (error: Error) => void }>
  >();

  constructor(
    private readonly store: ReadStore,
    projections: readonly Projection[],
  ) {
    this.projections = new Map(projections.map((projection) => [projection.name, projection]));
    if (this.projections.size !== projections.length) throw new Error('two projections have the same name');
  }

  /**
   * Reads the pointers. `live`: serving generations that resume from their checkpoints. `fresh`:
   * projections never run before, serving at once while they fill from position 0 (there is nothing
   * older to serve). `builds`: new versions or interrupted rebuilds, serving only once caught up.
   */
  async load(): Promise<{ live: Generation[]; fresh: Generation[]; builds: Build[] }> {
    await this.store.ensureCollections([{ name: GENERATIONS_COLLECTION, indexes: [] }]);
    const live: Generation[] = [];
    const fresh: Generation[] = [];
    const builds: Build[] = [];
    for (const projection of this.projections.values()) {
      const pointer = await readPointer(this.store, projection.name);
      if (!pointer) {
        const key = generationKey(projection.name, projection.version);
        const generation = newGeneration(projection, key, await this.store.checkpoint(key));
        await this.serve(generation, 0);
        fresh.push(generation);
        continue;
      }
      const fed = pointer.activeVersion === projection.version;
      const checkpoint = await this.store.checkpoint(pointer.active);
      const generation = fed ? newGeneration(projection, pointer.active, checkpoint) : undefined;
      this.served.set(projection.name, {
        projection: projection.name,
        key: pointer.active,
        collections: pointer.collections,
        fed: generation,
        checkpoint,
      });
      if (generation) live.push(generation);
      const resumable = pointer.building?.version === projection.version ? pointer.building.key : undefined;
      // A build of a version this code no longer has will never finish: it is only garbage.
      if (pointer.building && !resumable) await this.drop(pointer.building);
      if (!fed || resumable) {
        const key = resumable ?? generationKey(projection.name, projection.version);
        builds.push(await this.openBuild(projection, key, pointer, await this.store.checkpoint(key)));
      }
    }
    const all = [...live, ...fresh, ...builds.map((build) => build.generation)];
    await this.store.ensureCollections(all.flatMap(collectionSpecs));
    return { live, fresh, builds };
  }

  /** Fresh generations for a rebuild; projections already being built keep their build. */
  async planRebuilds(names: readonly string[]): Promise<Build[]> {
    const builds: Build[] = [];
    for (const name of names) {
      const projection = this.projections.get(name);
      if (!projection) throw new Error(`unknown projection ${name}`);
      if (this.builds.has(name)) continue;
      const pointer = await readPointer(this.store, name);
      if (!pointer) throw new Error(`projection ${name} has never run: nothing to rebuild`);
      const rebuilds = pointer.rebuilds + 1;
      const key = generationKey(name, projection.version, rebuilds);
      const build = await this.openBuild(projection, key, pointer, 0, rebuilds);
      // Leftovers of an abandoned attempt under the same key must not leak into the fresh build.
      await this.drop({ key, collections: [...build.generation.collections.values()] });
      await this.store.ensureCollections(collectionSpecs(build.generation));
      builds.push(build);
    }
    return builds;
  }

  /** Resolves once `name` serves the generation being built for it (at once when none is). */
  whenServing(name: string): Promise<void> {
    if (!this.builds.has(name)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listeners = this.servingListeners.get(name) ?? [];
      listeners.push({ resolve, reject });
      this.servingListeners.set(name, listeners);
    });
  }

  /** Fails the waits of builds that will not finish in this process (it is stopping). */
  abandonWaits(reason: Error): void {
    for (const listeners of this.servingListeners.values())
      for (const listener of listeners) listener.reject(reason);
    this.servingListeners.clear();
  }

  caughtUp(headPosition: number): Build[] {
    return [...this.builds.values()].filter((build) => build.generation.checkpoint >= headPosition);
  }

  hasBuildIn(keys: readonly string[]): boolean {
    return [...this.builds.values()].some((build) => keys.includes(build.generation.key));
  }

  /** Points readers at the build; returns the generation it replaces (to be dropped), if any. */
  async promote(build: Build): Promise<Served | undefined> {
    const { projection, key } = build.generation;
    const previous = this.served.get(projection.name);
    const pointer = await readPointer(this.store, projection.name);
    await this.serve(build.generation, pointer?.rebuilds ?? 0);
    this.builds.delete(projection.name);
    for (const listener of this.servingListeners.get(projection.name) ?? []) listener.resolve();
    this.servingListeners.delete(projection.name);
    return previous && previous.key !== key ? previous : undefined;
  }

  /** Writes the pointer that sends readers to `generation`. */
  private async serve(generation: Generation, rebuilds: number): Promise<void> {
    const { projection, key } = generation;
    const next: GenerationPointer = {
      id: projection.name,
      active: key,
      activeVersion: projection.version,
      collections: [...generation.collections.values()],
      building: null,
      rebuilds,
    };
    await this.store.transaction({
      writes: [{ kind: 'put', collection: GENERATIONS_COLLECTION, document: next }],
    });
    this.served.set(projection.name, {
      projection: projection.name,
      key,
      collections: next.collections,
      fed: generation,
      checkpoint: generation.checkpoint,
    });
  }

  async drop(generation: Pick<Served, 'key' | 'collections'>): Promise<void> {
    await this.store.dropCollections(generation.collections);
    await this.store.removeCheckpoint(generation.key);
  }

  /** The lowest checkpoint among the served generations of `names` (default all). */
  servingPosition(names: readonly string[] = [...this.projections.keys()]): number {
    let position = Number.MAX_SAFE_INTEGER;
    for (const name of names) {
      const served = this.served.get(name);
      position = Math.min(position, served ? checkpointOf(served) : 0);
    }
    return names.length === 0 ? 0 : position;
  }

  projectionOf(key: string): string {
    for (const served of this.served.values()) if (served.key === key) return served.projection;
    for (const build of this.builds.values())
      if (build.generation.key === key) return build.generation.projection.name;
    return key;
  }

  describe(headPosition: number, isFed: (key: string) => boolean): ProjectionLag[] {
    const rows: ProjectionLag[] = [];
    const row = (projection: string, generation: string, state: ProjectionLag['state'], checkpoint: number) =>
      rows.push({
        projection,
        generation,
        state,
        checkpoint,
        headPosition,
        lagEvents: Math.max(0, headPosition - checkpoint),
      });
    for (const served of this.served.values()) {
      row(
        served.projection,
        served.key,
        served.fed && isFed(served.key) ? 'live' : 'frozen',
        checkpointOf(served),
      );
    }
    for (const build of this.builds.values()) {
      row(build.generation.projection.name, build.generation.key, 'building', build.generation.checkpoint);
    }
    return rows;
  }

  private async openBuild(
    projection: Projection,
    key: string,
    pointer: GenerationPointer,
    checkpoint: number,
    rebuilds = pointer.rebuilds,
  ): Promise<Build> {
    const generation = newGeneration(projection, key, checkpoint);
    // Recorded so that a restart resumes this build instead of starting another.
    const building = { key, version: projection.version, collections: [...generation.collections.values()] };
    const document: GenerationPointer = { ...pointer, building, rebuilds };
    await this.store.transaction({ writes: [{ kind: 'put', collection: GENERATIONS_COLLECTION, document }] });
    const build = { generation };
    this.builds.set(projection.name, build);
    return build;
  }
}

function checkpointOf(served: Served): number {
  return served.fed ? served.fed.checkpoint : served.checkpoint;
}

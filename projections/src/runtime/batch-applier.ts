import { EVENT_SCHEMA_VERSION, upcast } from '@skype-manager/domain';
import type { RecordedEvent } from '@skype-manager/event-store';
import type { DocumentWrite, ReadStore } from '@skype-manager/read-store';
import type { DocumentCache } from './document-cache';
import type { Generation } from './generations';
import type { DocumentUpdate, ProjectedDocument, ProjectedEvent } from './projection';

/**
 * A batch of events applied to several generations and committed in ONE read-store write unit: every
 * touched document is loaded once, evolved in memory through all of the batch's events, and written
 * once, together with every generation's new checkpoint. Events can be added page by page before the
 * commit, so a catch-up folds many pages into each document write.
 *
 * Idempotence: a document skips any event at or below its `_position`, so an event delivered twice
 * (a replay, a retried batch) changes nothing.
 */
interface Entry {
  collection: string;
  id: string;
  /** Key of the document in the lane's cache. */
  key: string;
  document: ProjectedDocument | undefined;
  dirty: boolean;
  /** Position of the last event applied to it (catches a projection updating a document twice). */
  appliedAt: number;
}

interface PlannedEvent {
  generation: Generation;
  event: ProjectedEvent;
  updates: ReadonlyArray<DocumentUpdate>;
  /** The entry of each update, in the same order (found once, when planning). */
  targets: Entry[];
}

export interface BatchResult {
  events: number;
  /** Document updates applied (not skipped). */
  updatesApplied: number;
  documentsWritten: number;
  lastPosition: number;
}

const KEY_SEPARATOR = '\u0001';

export function asProjectedEvent(event: RecordedEvent): ProjectedEvent {
  // Current shapes pass through untouched: no copy on the hot path.
  if (event.metadata.schemaVersion === EVENT_SCHEMA_VERSION) return event as unknown as ProjectedEvent;
  const upcasted = upcast(event.type, event.metadata.schemaVersion, event.data);
  return { ...event, type: upcasted.type, data: upcasted.data } as ProjectedEvent;
}

export class PendingBatch {
  /** Physical collection → document id → entry: two levels, so no key is built per update. */
  private readonly entries = new Map<string, Map<string, Entry>>();
  private documentCount = 0;
  private events = 0;
  private updatesApplied = 0;
  private lastPosition = 0;

  constructor(
    private readonly store: ReadStore,
    readonly generations: readonly Generation[],
    private readonly cache?: DocumentCache,
  ) {}

  /** Events added so far. */
  get size(): number {
    return this.events;
  }

  /** Documents held (loaded or created) so far: what the commit will write at most. */
  get documents(): number {
    return this.documentCount;
  }

  /** Plans, loads and evolves; nothing is written until `commit`. */
  async add(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const planned = this.plan(events);
    await this.load();
    for (const step of planned) this.evolve(step);
    this.events += events.length;
    this.lastPosition = events[events.length - 1].position;
  }

  /** Writes every changed document and every generation's checkpoint in one transaction. */
  async commit(): Promise<BatchResult> {
    const writes: DocumentWrite[] = [];
    for (const entry of this.allEntries()) {
      if (!entry.dirty) continue;
      writes.push(
        entry.document
          ? { kind: 'put', collection: entry.collection, document: entry.document }
          : { kind: 'delete', collection: entry.collection, id: entry.id },
      );
    }
    // A generation ahead of the batch (lanes start at their slowest member) keeps its own checkpoint.
    const position = (generation: Generation) => Math.max(generation.checkpoint, this.lastPosition);
    const checkpoints = this.generations.map((generation) => ({
      projection: generation.key,
      position: position(generation),
    }));
    try {
      await this.store.transaction({ writes, checkpoints });
    } catch (error) {
      // Cached documents were changed in place by this batch: they no longer match the store.
      this.cache?.clear();
      throw error;
    }
    for (const generation of this.generations) generation.checkpoint = position(generation);
    if (this.cache) for (const entry of this.allEntries()) this.cache.set(entry.key, entry.document);
    return {
      events: this.events,
      updatesApplied: this.updatesApplied,
      documentsWritten: writes.length,
      lastPosition: this.lastPosition,
    };
  }

  /** Pass 1: which documents each event updates (ids come from the event alone, so no reads yet). */
  private plan(events: readonly RecordedEvent[]): PlannedEvent[] {
    const planned: PlannedEvent[] = [];
    for (const recorded of events) {
      let event: ProjectedEvent | undefined;
      for (const generation of this.generations) {
        if (recorded.position <= generation.checkpoint) continue;
        const handler = generation.projection.on[recorded.type as keyof typeof generation.projection.on] as
          ((event: ProjectedEvent) => ReadonlyArray<DocumentUpdate>) | undefined;
        if (!handler) continue;
        event ??= asProjectedEvent(recorded);
        const updates = handler(event);
        if (updates.length === 0) continue;
        const targets: Entry[] = [];
        for (const update of updates) {
          targets.push(this.note(generation, update.collection, update.id));
          if (update.reads) for (const read of update.reads) this.note(generation, read.collection, read.id);
        }
        planned.push({ generation, event, updates, targets });
      }
    }
    return planned;
  }

  private note(generation: Generation, logical: string, id: string): Entry {
    const collection = generation.collections.get(logical);
    if (!collection)
      throw new Error(`projection ${generation.projection.name} has no collection "${logical}"`);
    let byId = this.entries.get(collection);
    if (!byId) this.entries.set(collection, (byId = new Map()));
    let entry = byId.get(id);
    if (!entry) {
      entry = {
        collection,
        id,
        key: collection + KEY_SEPARATOR + id,
        document: undefined,
        dirty: false,
        appliedAt: -1,
      };
      byId.set(id, entry);
      this.documentCount += 1;
    }
    return entry;
  }

  private *allEntries(): Iterable<Entry> {
    for (const byId of this.entries.values()) yield* byId.values();
  }

  /** Loads the documents not seen yet in this batch: from the cache, else in one read per collection. */
  private async load(): Promise<void> {
    for (const [collection, byId] of this.entries) {
      const ids: string[] = [];
      for (const entry of byId.values()) {
        if (entry.appliedAt !== -1) continue;
        entry.appliedAt = 0;
        if (this.cache?.has(entry.key)) entry.document = this.cache.get(entry.key);
        else ids.push(entry.id);
      }
      if (ids.length === 0) continue;
      const found = await this.store.getMany(collection, ids);
      for (const [id, document] of found) byId.get(id)!.document = document as ProjectedDocument;
    }
  }

  private lookupIn(generation: Generation) {
    return (logical: string, id: string): ProjectedDocument | undefined => {
      const entry = this.entries.get(generation.collections.get(logical)!)?.get(id);
      if (!entry)
        throw new Error(
          `projection ${generation.projection.name} looked up ${logical}/${id} without declaring it in reads`,
        );
      return entry.document;
    };
  }

  /** Pass 2: evolves the documents one event after the other, in log order. */
  private evolve(step: PlannedEvent): void {
    const { generation, event, targets } = step;
    for (let index = 0; index < step.updates.length; index++) {
      const update = step.updates[index];
      const entry = targets[index];
      if (entry.document && entry.document._position >= event.position) {
        if (entry.appliedAt === event.position) {
          throw new Error(
            `projection ${generation.projection.name} updates ${update.collection}/${update.id} twice for event ${event.position}`,
          );
        }
        continue;
      }
      const next = update.evolve(entry.document, update.reads ? this.lookupIn(generation) : noLookup);
      if (next) next._position = event.position;
      entry.document = next ?? undefined;
      entry.dirty = true;
      entry.appliedAt = event.position;
      this.updatesApplied += 1;
    }
  }
}

/** What `evolve` gets when its update declared no `reads`. */
const noLookup = (logical: string, id: string): never => {
  throw new Error(`looked up ${logical}/${id} without declaring it in the update's reads`);
};

/** Applies events and commits them as one batch. */
export async function applyBatch(
  store: ReadStore,
  generations: readonly Generation[],
  events: readonly RecordedEvent[],
  cache?: DocumentCache,
): Promise<BatchResult> {
  const batch = new PendingBatch(store, generations, cache);
  try {
    await batch.add(events);
  } catch (error) {
    cache?.clear();
    throw error;
  }
  return batch.commit();
}

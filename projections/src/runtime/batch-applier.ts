import { EVENT_SCHEMA_VERSION, upcast } from '@skype-manager/domain';
import type { RecordedEvent } from '@skype-manager/event-store';
import type { DocumentWrite, ReadStore } from '@skype-manager/read-store';
import type { Generation } from './generations';
import type { DocumentUpdate, ProjectedDocument, ProjectedEvent } from './projection';

/**
 * Applies one batch of events to several generations and commits the result in ONE read-store write
 * unit: every touched document is loaded once, evolved in memory through all the batch's events, and
 * written once, together with every generation's new checkpoint.
 *
 * Idempotence: a document skips any event at or below its `_position`, so an event delivered twice
 * (a replay, a retried batch) changes nothing.
 */
interface Entry {
  collection: string;
  id: string;
  document: ProjectedDocument | undefined;
  dirty: boolean;
  /** Position of the last event applied to it in this batch (catches a projection updating twice). */
  appliedAt: number;
}

interface PlannedEvent {
  generation: Generation;
  event: ProjectedEvent;
  updates: ReadonlyArray<DocumentUpdate>;
}

export interface BatchResult {
  /** Document updates applied (not skipped). */
  updatesApplied: number;
  documentsWritten: number;
}

const KEY_SEPARATOR = '\u0001';

export function asProjectedEvent(event: RecordedEvent): ProjectedEvent {
  // Current shapes pass through untouched: no copy on the hot path.
  if (event.metadata.schemaVersion === EVENT_SCHEMA_VERSION) return event as unknown as ProjectedEvent;
  const upcasted = upcast(event.type, event.metadata.schemaVersion, event.data);
  return { ...event, type: upcasted.type, data: upcasted.data } as ProjectedEvent;
}

export async function applyBatch(
  store: ReadStore,
  generations: readonly Generation[],
  events: readonly RecordedEvent[],
): Promise<BatchResult> {
  if (events.length === 0) return { updatesApplied: 0, documentsWritten: 0 };
  const lastPosition = events[events.length - 1].position;
  const entries = new Map<string, Entry>();
  const planned = planBatch(generations, events, entries);
  await loadEntries(store, entries);
  let updatesApplied = 0;
  for (const step of planned) updatesApplied += evolveEvent(step, entries);
  const writes: DocumentWrite[] = [];
  for (const entry of entries.values()) {
    if (!entry.dirty) continue;
    writes.push(
      entry.document
        ? { kind: 'put', collection: entry.collection, document: entry.document }
        : { kind: 'delete', collection: entry.collection, id: entry.id },
    );
  }
  // A generation ahead of the batch (lanes start at their slowest member) keeps its own checkpoint.
  const checkpoints = generations.map((generation) => ({
    projection: generation.key,
    position: Math.max(generation.checkpoint, lastPosition),
  }));
  await store.transaction({ writes, checkpoints });
  for (const generation of generations) generation.checkpoint = Math.max(generation.checkpoint, lastPosition);
  return { updatesApplied, documentsWritten: writes.length };
}

/** Pass 1: which documents each event updates (ids come from the event alone, so no reads yet). */
function planBatch(
  generations: readonly Generation[],
  events: readonly RecordedEvent[],
  entries: Map<string, Entry>,
): PlannedEvent[] {
  const planned: PlannedEvent[] = [];
  for (const recorded of events) {
    let event: ProjectedEvent | undefined;
    for (const generation of generations) {
      if (recorded.position <= generation.checkpoint) continue;
      const handler = generation.projection.on[recorded.type as keyof typeof generation.projection.on] as
        | ((event: ProjectedEvent) => ReadonlyArray<DocumentUpdate>)
        | undefined;
      if (!handler) continue;
      event ??= asProjectedEvent(recorded);
      const updates = handler(event);
      if (updates.length === 0) continue;
      for (const update of updates) {
        noteEntry(generation, update.collection, update.id, entries);
        for (const read of update.reads ?? []) noteEntry(generation, read.collection, read.id, entries);
      }
      planned.push({ generation, event, updates });
    }
  }
  return planned;
}

function noteEntry(generation: Generation, logical: string, id: string, entries: Map<string, Entry>): void {
  const collection = generation.collections.get(logical);
  if (!collection) throw new Error(`projection ${generation.projection.name} has no collection "${logical}"`);
  const key = collection + KEY_SEPARATOR + id;
  if (!entries.has(key)) entries.set(key, { collection, id, document: undefined, dirty: false, appliedAt: 0 });
}

async function loadEntries(store: ReadStore, entries: Map<string, Entry>): Promise<void> {
  const idsByCollection = new Map<string, string[]>();
  for (const entry of entries.values()) {
    let ids = idsByCollection.get(entry.collection);
    if (!ids) idsByCollection.set(entry.collection, (ids = []));
    ids.push(entry.id);
  }
  for (const [collection, ids] of idsByCollection) {
    const found = await store.getMany(collection, ids);
    for (const [id, document] of found) {
      entries.get(collection + KEY_SEPARATOR + id)!.document = document as ProjectedDocument;
    }
  }
}

/** Pass 2: evolves the documents one event after the other, in log order. */
function evolveEvent(step: PlannedEvent, entries: Map<string, Entry>): number {
  const { generation, event } = step;
  const lookup = (logical: string, id: string): ProjectedDocument | undefined => {
    const entry = entries.get(generation.collections.get(logical) + KEY_SEPARATOR + id);
    if (!entry) throw new Error(`projection ${generation.projection.name} looked up ${logical}/${id} without declaring it in reads`);
    return entry.document;
  };
  let applied = 0;
  for (const update of step.updates) {
    const entry = entries.get(generation.collections.get(update.collection) + KEY_SEPARATOR + update.id)!;
    if (entry.document && entry.document._position >= event.position) {
      if (entry.appliedAt === event.position) {
        throw new Error(
          `projection ${generation.projection.name} updates ${update.collection}/${update.id} twice for event ${event.position}`,
        );
      }
      continue;
    }
    const next = update.evolve(entry.document, lookup);
    if (next) next._position = event.position;
    entry.document = next ?? undefined;
    entry.dirty = true;
    entry.appliedAt = event.position;
    applied += 1;
  }
  return applied;
}

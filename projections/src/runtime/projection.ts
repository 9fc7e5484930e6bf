import type { DomainEvent, DomainEventType } from '@skype-manager/domain';
import type { RecordedEvent } from '@skype-manager/event-store';
import type { IndexSpec, StoredDocument } from '@skype-manager/read-store';

/**
 * A projection is a declared object: a name, a version, its collections with their indexes, and for
 * each event type it handles the documents that event updates. The runtime does everything else:
 * loading, batching, idempotence, checkpoints, rebuilds.
 *
 * Bump `version` whenever the documents' shape or meaning changes: the runtime then builds the new
 * version into fresh collections from position 0 and switches readers over once it has caught up.
 */

/** A recorded event whose type and data are one of the domain's events. */
export type ProjectedEvent<E extends DomainEvent = DomainEvent> = Omit<RecordedEvent, 'type' | 'data'> & {
  type: E['type'];
  data: E['data'];
};

export type EventOfType<T extends DomainEventType> = ProjectedEvent<Extract<DomainEvent, { type: T }>>;

/** Every projected document remembers the last log position it reflects. */
export interface ProjectedDocument extends StoredDocument {
  managerId: string;
  /** Written by the runtime: an event at or below it has already been applied to this document. */
  _position: number;
}

/** Reads another document of the same projection, as it stands at this point of the batch. */
export type DocumentLookup = (collection: string, id: string) => ProjectedDocument | undefined;

export interface DocumentUpdate<D extends ProjectedDocument = ProjectedDocument> {
  /** Logical collection name, one of the projection's `collections`. */
  collection: string;
  id: string;
  /**
   * The next state of the document given its current one (undefined when it does not exist yet);
   * `null` deletes it. It may change `current` in place and return it: within a batch the runtime owns
   * the document. It must depend only on the document, the event (captured) and the declared `reads`.
   * The runtime sets `_position` to the event's position on what it returns.
   */
  evolve(current: D | undefined, lookup: DocumentLookup): D | null;
  /** Other documents of this projection that `evolve` looks up (loaded with the batch). */
  reads?: ReadonlyArray<{ collection: string; id: string }>;
}

export type EventHandlers = {
  [T in DomainEventType]?: (event: EventOfType<T>) => ReadonlyArray<DocumentUpdate>;
};

export interface CollectionDeclaration {
  indexes: readonly IndexSpec[];
}

export interface Projection {
  /** Lower-case letters, digits and underscores: it prefixes the physical collection names. */
  name: string;
  version: number;
  collections: Readonly<Record<string, CollectionDeclaration>>;
  on: EventHandlers;
}

const PROJECTION_NAME = /^[a-z][a-z0-9_]{0,40}$/;
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9]{0,40}$/;

/** Checks the declaration once, at definition time, so a typo fails at start-up and not mid-stream. */
export function defineProjection<P extends Projection>(projection: P): P {
  if (!PROJECTION_NAME.test(projection.name))
    throw new Error(`projection name "${projection.name}" is not valid`);
  if (!Number.isSafeInteger(projection.version) || projection.version < 1) {
    throw new Error(`projection ${projection.name}: version must be a positive integer`);
  }
  for (const collection of Object.keys(projection.collections)) {
    if (!COLLECTION_NAME.test(collection)) {
      throw new Error(`projection ${projection.name}: collection name "${collection}" is not valid`);
    }
  }
  return projection;
}

/** The event types a projection handles. */
export function handledTypes(projection: Projection): string[] {
  return Object.keys(projection.on);
}

/**
 * The ReadStore port: where projections keep their read models and report queries read them.
 * Every adapter (SQLite embedded default, MongoDB) passes the same contract suite
 * (`test-support/read-store.contract.ts`).
 *
 * A read model is a set of collections of JSON documents with string ids. Documents are written only
 * in a write unit (`transaction`) together with the projection checkpoints the unit reflects, so a
 * crash never leaves documents and checkpoints out of step.
 */

/** A value a filter or a cursor compares with. */
export type Scalar = string | number | boolean | null;

/** A stored JSON document. `id` is unique in its collection; the other fields are the read model's. */
export interface StoredDocument {
  id: string;
  [field: string]: unknown;
}

export interface IndexSpec {
  /** Document fields in index order; a dotted path reaches into nested objects (`byCategory.calls`). */
  fields: readonly string[];
  unique?: boolean;
}

export interface CollectionSpec {
  /** Letters, digits and underscores; at most 120 characters. */
  name: string;
  indexes: readonly IndexSpec[];
}

/** A condition on one field. Several bounds combine with AND. */
export interface FieldRange {
  gt?: Scalar;
  gte?: Scalar;
  lt?: Scalar;
  lte?: Scalar;
  in?: readonly Scalar[];
  ne?: Scalar;
}

/**
 * Documents match when every field satisfies its condition. A scalar means equality; `null` matches a
 * null or missing field. `id` filters on the document id.
 */
export type Filter = Readonly<Record<string, Scalar | FieldRange>>;

export type SortDirection = 'asc' | 'desc';
export interface SortField {
  field: string;
  direction: SortDirection;
}

export interface FindOptions {
  /** Sort keys; the document id (ascending) is always appended as the final tie-breaker. */
  sort?: readonly SortField[];
  /** At most this many documents (default and maximum MAX_FIND_LIMIT). */
  limit?: number;
  /** Skip this many matches (prefer `after` for deep pages). */
  offset?: number;
  /**
   * Keyset paging: only documents strictly after this position in the sort order. The values of the
   * sort fields followed by the id, as `cursorOf(document, sort)` returns them. Sort fields used with
   * `after` must be present and non-null in every document.
   */
  after?: readonly Scalar[];
}

export type DocumentWrite =
  | { kind: 'put'; collection: string; document: StoredDocument }
  | { kind: 'delete'; collection: string; id: string };

/** How far a projection (one physical generation of it) has applied the event log. */
export interface Checkpoint {
  projection: string;
  position: number;
}

/** Applied all or nothing: the documents and the checkpoints move together. */
export interface WriteUnit {
  writes: readonly DocumentWrite[];
  checkpoints?: readonly Checkpoint[];
}

export interface ReadStore {
  /** Creates the collections and their indexes when missing. Idempotent. */
  ensureCollections(specs: readonly CollectionSpec[]): Promise<void>;
  /** Drops the collections (documents and indexes). Unknown names are ignored. */
  dropCollections(names: readonly string[]): Promise<void>;
  get(collection: string, id: string): Promise<StoredDocument | undefined>;
  /** The documents found among `ids`, keyed by id (missing ids are absent). */
  getMany(collection: string, ids: readonly string[]): Promise<Map<string, StoredDocument>>;
  find(collection: string, filter?: Filter, options?: FindOptions): Promise<StoredDocument[]>;
  count(collection: string, filter?: Filter): Promise<number>;
  transaction(unit: WriteUnit): Promise<void>;
  /** The position a projection has reached; 0 when it has none. */
  checkpoint(projection: string): Promise<number>;
  removeCheckpoint(projection: string): Promise<void>;
  close(): Promise<void>;
}

/** Bounds every read so one query cannot pull a whole collection into memory. */
export const MAX_FIND_LIMIT = 10_000;

export class ReadStoreInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadStoreInputError';
  }
}

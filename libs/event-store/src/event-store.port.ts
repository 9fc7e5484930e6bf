import type { ChainHead } from './hash-chain';

/**
 * The EventStore port: the system of record. Every adapter (SQLite embedded default, EventStoreDB)
 * passes the same contract suite (`contract/event-store.contract.ts`).
 *
 * Positions: `position` is the event's place in the whole log (1-based, strictly increasing, no reuse).
 * Revisions: `revision` is the event's place in its stream (0-based). A stream that does not exist has
 * no revision; after one event its revision is 0.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What the caller says about the stream before appending. */
export type ExpectedRevision = number | 'no-stream' | 'stream-exists' | 'any';

export interface EventMetadata {
  /** The tenant: every event belongs to exactly one Manager. */
  managerId: string;
  /** ISO-8601 instant at which the command was decided (the command's clock, not the store's). */
  occurredAt: string;
  /** Who issued the command: `administrator:{id}`, `member:{id}`, `system`, `anonymous`. */
  actor: string;
  correlationId: string;
  causationId: string;
  idempotencyKey?: string;
  schemaVersion: number;
}

/** Hash-chain fields written by the store at append time (one chain per Manager). */
export interface ChainFields {
  /** 1-based sequence of the event in its Manager's chain. */
  chainSeq: number;
  /** hex SHA-256 of the previous event of the chain ('' for the first). */
  prevHash: string;
  /** hex SHA-256 over prevHash + the canonical content of this event (see `hash-chain.ts`). */
  hash: string;
}

export interface NewEvent {
  /** Globally unique id (uuid). Appending an id that is already stored is a no-op. */
  id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  type: string;
  data: JsonObject;
  metadata: EventMetadata & ChainFields;
}

export interface AppendRequest {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: NewEvent[];
}

export interface AppendResult {
  /** The revision of the last event now in each stream appended to (in request order). */
  streams: Array<{ streamId: string; nextExpectedRevision: number }>;
  /** Global position of the last event written (or, for a no-op re-append, of the original last event). */
  lastPosition: number;
  /**
   * The recorded events (for a re-append of known ids, the originals). Read them while the store is
   * open: an adapter may fetch them from the log on first access (the SQLite adapter does, so that
   * callers that only need positions — the command path — never pay for them).
   */
  readonly events: RecordedEvent[];
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive). Default 0. */
  fromRevision?: number;
  /** At most this many events. Default: all. */
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events with position > after. Default 0 (from the beginning). */
  after?: number;
  /** At most this many. Default 1000, hard maximum 10000. */
  limit?: number;
  /** Only this Manager's events. */
  managerId?: string;
}

export interface SubscribeOptions {
  /** Deliver events with position > after. */
  after: number;
  /** Only this Manager's events. */
  managerId?: string;
  /** Page size while catching up and max events per handler call. Default 500. */
  batchSize?: number;
}

/**
 * A subscription delivers batches in log order. The next batch is not delivered until the promise
 * returned by the handler settles (back-pressure). If the handler rejects, the subscription stops and
 * `done` rejects with that error.
 */
export interface Subscription {
  stop(): Promise<void>;
  /** Settles when the subscription stops (resolves after stop(), rejects on a handler/store error). */
  readonly done: Promise<void>;
}

export interface Snapshot {
  streamId: string;
  /** The stream revision the state reflects. */
  revision: number;
  /** Name + version of the state shape, so an incompatible snapshot is ignored. */
  schema: string;
  state: JsonValue;
}

/**
 * A snapshot to save whose state the caller has already serialized (`JSON.stringify(state)`, as it
 * must be): stored as this text, without another pass over a state that can be megabytes.
 */
export interface SnapshotText {
  streamId: string;
  revision: number;
  schema: string;
  stateJson: string;
}

export interface EventStore {
  /** Append to one stream. Throws ConcurrencyError when expectedRevision does not hold. */
  append(streamId: string, expectedRevision: ExpectedRevision, events: NewEvent[]): Promise<AppendResult>;
  /**
   * Append to several streams atomically: all events are written or none. Each request's
   * expectedRevision is checked. Used by commands that touch more than one stream of a Manager.
   */
  appendMulti(requests: AppendRequest[]): Promise<AppendResult>;
  /**
   * appendMulti, with its requests given in parts as the caller produces them: `nextPart` is called
   * in a loop, synchronously, until it returns undefined, all before appendInParts returns (a part
   * that is refused ends the loop early: the append then rejects). The parts make one atomic append: every
   * event is written or none, and the result is appendMulti's for all of them. Each part is checked
   * as it comes, under appendMulti's rules and limits over the whole append (event ids unique across
   * parts, at most maxEventsPerRequest events in all). A stream may come back in a later part: its
   * events continue the stream, and that part's expectedRevision must be 'any', 'stream-exists' or the
   * revision the earlier parts leave it at. An empty part is skipped. If `nextPart` throws, nothing is
   * written and the append rejects with that error.
   *
   * Why: the SQLite adapter's writer thread inserts each part while the caller decides the next.
   * Other adapters take all the parts, then append them as one appendMulti.
   */
  appendInParts(nextPart: () => AppendRequest[] | undefined): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, or undefined when it does not exist. */
  streamRevision(streamId: string): Promise<number | undefined>;
  /**
   * Where the store recorded that a Manager's hash chain ends (chainSeq and hash of its last event),
   * kept apart from the events; undefined for a Manager with no events. Audit compares it with the
   * last event it read of that Manager: events cut off the end of a chain leave an intact prefix, and
   * only this record tells.
   */
  chainHead(managerId: string): Promise<ChainHead | undefined>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;
  subscribe(
    options: SubscribeOptions,
    handler: (events: RecordedEvent[]) => Promise<void>,
  ): Subscription;
  loadSnapshot(streamId: string): Promise<Snapshot | undefined>;
  /** Takes what it stores of the snapshot before it returns: the caller may change its state afterwards. */
  saveSnapshot(snapshot: Snapshot | SnapshotText): Promise<void>;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | undefined,
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expected)}, actual ${actual === undefined ? 'no stream' : actual}`,
    );
    this.name = 'ConcurrencyError';
  }
}

export class EventStoreLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreLimitError';
  }
}

/**
 * The request itself is malformed (empty event list, reserved stream name, bad metadata, an id twice
 * in one request, ...). Retrying the same request can never succeed.
 */
export class EventStoreRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStoreRequestError';
  }
}

/**
 * Some event ids of the request are already stored and some are not (or they are stored in another
 * stream): this is neither a clean retry (a no-op) nor a new append, so it is refused.
 */
export class EventIdConflictError extends Error {
  constructor(
    readonly storedIds: string[],
    readonly newIds: string[],
    readonly detail: string,
  ) {
    super(`event id conflict: ${detail} (already stored: ${storedIds.join(', ')})`);
    this.name = 'EventIdConflictError';
  }
}

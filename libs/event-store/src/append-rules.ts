import {
  type AppendRequest,
  type AppendResult,
  type EventMetadata,
  type ExpectedRevision,
  type JsonObject,
  type RecordedEvent,
  type Snapshot,
  type SnapshotText,
  EventIdConflictError,
  EventStoreLimitError,
  EventStoreRequestError,
} from './event-store.port';
import { canonicalJson, isCanonicalPlainJson, isPlainJson } from './canonical-json';
import { type EventStoreLimits, utf8Bytes } from './limits';

/**
 * Rules every adapter applies the same way before writing, so that the contract suite sees one
 * behaviour: validation and limits, the expected-revision check, and idempotent re-append.
 */

/**
 * Stream-name prefixes the store keeps for itself: `$` is KurrentDB's system namespace; `chain-` and
 * `snapshot-` hold the KurrentDB adapter's chain heads and snapshots. Refused on every adapter so an
 * application cannot depend on a name that one adapter cannot store.
 */
export const RESERVED_STREAM_PREFIXES: readonly string[] = ['$', 'chain-', 'snapshot-'];

export interface ValidatedEvent {
  id: string;
  type: string;
  data: JsonObject;
  /** Only the known EventMetadata fields, keys sorted; never chain fields. */
  metadata: EventMetadata;
  /** `JSON.stringify(data)`, computed once for the size check and for storage. */
  dataJson: string;
  /**
   * `canonicalJson(data)`, for the hash. Not stored: a reader sees the keys in the order the caller
   * gave them (answers built from stored events must read like answers built from decided ones).
   */
  canonicalData: string;
  /**
   * `JSON.stringify(metadata)`, computed once for the size check, storage and the hash: the metadata's
   * keys are sorted and its values strings and one integer, so this is also its canonical JSON.
   */
  metadataJson: string;
}

export interface ValidatedRequest {
  streamId: string;
  expectedRevision: ExpectedRevision;
  managerId: string;
  events: ValidatedEvent[];
}

export function validateAppendRequests(requests: readonly AppendRequest[], limits: EventStoreLimits): ValidatedRequest[] {
  if (requests.length === 0) throw new EventStoreRequestError('appendMulti needs at least one stream');
  if (requests.length > limits.maxStreamsPerRequest) {
    throw new EventStoreLimitError(`at most ${limits.maxStreamsPerRequest} streams per request, got ${requests.length}`);
  }
  const total = requests.reduce((sum, request) => sum + (request.events?.length ?? 0), 0);
  if (total > limits.maxEventsPerRequest) {
    throw new EventStoreLimitError(`at most ${limits.maxEventsPerRequest} events per request, got ${total}`);
  }
  const streams = new Set<string>();
  const seen: SeenInRequest = { ids: new Set<string>(), metadata: undefined };
  return requests.map((request) => {
    if (streams.has(request.streamId)) {
      throw new EventStoreRequestError(`stream ${request.streamId} appears twice in one request: merge its events`);
    }
    streams.add(request.streamId);
    return validateRequest(request, seen, limits);
  });
}

/** What the rules of later parts need of a stream an earlier part began. */
interface StreamSoFar {
  expectedRevision: ExpectedRevision;
  managerId: string;
  events: number;
}

/**
 * The rules of EventStore.appendInParts, shared by every adapter: each part is validated as it comes,
 * as appendMulti validates a request, with the ids, the event count and the streams counted over the
 * whole append. A stream that comes back continues where the earlier parts left it.
 */
export class PartedAppend {
  private readonly seen: SeenInRequest = { ids: new Set<string>(), metadata: undefined };
  private readonly parts: ValidatedRequest[][] = [];
  private readonly streams = new Map<string, StreamSoFar>();
  private events = 0;
  private calls = 0;

  constructor(private readonly limits: EventStoreLimits) {}

  /** Validates the next part and returns it validated (throws when it breaks a rule or a limit of the whole append). */
  add(part: readonly AppendRequest[]): ValidatedRequest[] {
    if (!Array.isArray(part)) throw new EventStoreRequestError('appendInParts: a part must be an array of append requests');
    // Every part that is not empty adds an event: more parts than that is a producer that never ends.
    if (++this.calls > this.limits.maxEventsPerRequest + 1) {
      throw new EventStoreLimitError(`appendInParts: more than ${this.limits.maxEventsPerRequest + 1} parts`);
    }
    const count = part.reduce((sum, request) => sum + (request.events?.length ?? 0), 0);
    if (this.events + count > this.limits.maxEventsPerRequest) {
      throw new EventStoreLimitError(`at most ${this.limits.maxEventsPerRequest} events per request, got ${this.events + count} so far`);
    }
    const inPart = new Set<string>();
    let newStreams = 0;
    const validated: ValidatedRequest[] = [];
    for (const request of part) {
      if (inPart.has(request.streamId)) {
        throw new EventStoreRequestError(`stream ${request.streamId} appears twice in one part: merge its events`);
      }
      inPart.add(request.streamId);
      const earlier = this.streams.get(request.streamId);
      if (earlier === undefined && this.streams.size + ++newStreams > this.limits.maxStreamsPerRequest) {
        throw new EventStoreLimitError(`at most ${this.limits.maxStreamsPerRequest} streams per request`);
      }
      if (earlier !== undefined) checkContinuation(request, earlier);
      const checked = validateRequest(request, this.seen, this.limits);
      if (earlier !== undefined && checked.managerId !== earlier.managerId) {
        throw new EventStoreRequestError(
          `stream ${request.streamId}: all events must belong to one Manager (${earlier.managerId}), this part's belong to ${checked.managerId}`,
        );
      }
      validated.push(checked);
    }
    // Only a valid part counts: a part that throws leaves nothing behind.
    for (const checked of validated) {
      const earlier = this.streams.get(checked.streamId);
      if (earlier !== undefined) earlier.events += checked.events.length;
      else this.streams.set(checked.streamId, { expectedRevision: checked.expectedRevision, managerId: checked.managerId, events: checked.events.length });
    }
    if (validated.length > 0) this.parts.push(validated);
    this.events += count;
    return validated;
  }

  /**
   * The whole append, each stream once (in the order streams first came, with its first part's
   * expectation) and all its events in order; throws when no part brought an event.
   */
  whole(): ValidatedRequest[] {
    if (this.parts.length === 0) throw new EventStoreRequestError('appendInParts needs at least one event');
    return mergeParts(this.parts);
  }
}

/**
 * The parts of an append given in parts as one request: each stream once, in the order streams first
 * came, with its first part's fields (its expectation) and all its events in order.
 */
export function mergeParts<E, S extends { streamId: string; events: readonly E[] }>(parts: ReadonlyArray<readonly S[]>): Array<S & { events: E[] }> {
  const byStream = new Map<string, S & { events: E[] }>();
  for (const part of parts) {
    for (const stream of part) {
      const merged = byStream.get(stream.streamId);
      if (merged === undefined) byStream.set(stream.streamId, { ...stream, events: [...stream.events] });
      else for (const event of stream.events) merged.events.push(event);
    }
  }
  return [...byStream.values()];
}

/** A later part of a stream: its expectation must be what the earlier parts make true. */
function checkContinuation(request: AppendRequest, earlier: StreamSoFar): void {
  const expected = request.expectedRevision;
  if (expected === 'any' || expected === 'stream-exists') return;
  const first = earlier.expectedRevision;
  const after = typeof first === 'number' ? first + earlier.events : first === 'no-stream' ? earlier.events - 1 : undefined;
  if (after !== undefined && expected === after) return;
  throw new EventStoreRequestError(
    `stream ${request.streamId} continues from an earlier part: its expectedRevision must be 'any', 'stream-exists'` +
      `${after === undefined ? '' : ` or ${after}`}, got ${String(expected)}`,
  );
}

/** Takes every part of an append given in parts and returns the whole append (adapters that append it at once). */
export function collectParts(nextPart: () => readonly AppendRequest[] | undefined, limits: EventStoreLimits): ValidatedRequest[] {
  const parted = new PartedAppend(limits);
  for (let part = nextPart(); part !== undefined; part = nextPart()) parted.add(part);
  return parted.whole();
}

/**
 * What one appendMulti has seen so far: its event ids, and the last metadata object with its
 * normalised form (the events of one command usually share one metadata object: it is normalised
 * and serialized once, not once per event).
 */
interface SeenInRequest {
  ids: Set<string>;
  metadata: { given: EventMetadata; normalized: EventMetadata; json: string } | undefined;
}

function validateRequest(request: AppendRequest, seen: SeenInRequest, limits: EventStoreLimits): ValidatedRequest {
  validateStreamId(request.streamId, limits);
  validateExpectedRevision(request.streamId, request.expectedRevision);
  if (!Array.isArray(request.events) || request.events.length === 0) {
    throw new EventStoreRequestError(`stream ${request.streamId}: an append needs at least one event`);
  }
  const events = request.events.map((event) => {
    if (typeof event.id !== 'string' || event.id.length === 0 || event.id.length > limits.maxNameLength) {
      throw new EventStoreRequestError(`stream ${request.streamId}: event id must be a non-empty string`);
    }
    if (seen.ids.has(event.id)) throw new EventStoreRequestError(`event id ${event.id} appears twice in one request`);
    seen.ids.add(event.id);
    return validateEvent(request.streamId, event, limits, seen);
  });
  const managerId = events[0].metadata.managerId;
  const stranger = events.find((event) => event.metadata.managerId !== managerId);
  if (stranger !== undefined) {
    // A stream is inside one Manager's consistency boundary; mixing tenants in it is always a bug.
    throw new EventStoreRequestError(
      `stream ${request.streamId}: all events must belong to one Manager (${managerId}), event ${stranger.id} belongs to ${stranger.metadata.managerId}`,
    );
  }
  return { streamId: request.streamId, expectedRevision: request.expectedRevision, managerId, events };
}

export function validateStreamId(streamId: unknown, limits: EventStoreLimits): void {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > limits.maxNameLength) {
    throw new EventStoreRequestError(`stream id must be a string of 1 to ${limits.maxNameLength} characters`);
  }
  const reserved = RESERVED_STREAM_PREFIXES.find((prefix) => streamId.startsWith(prefix));
  if (reserved !== undefined) {
    throw new EventStoreRequestError(`stream id ${streamId}: the prefix "${reserved}" is reserved by the event store`);
  }
}

function validateExpectedRevision(streamId: string, expected: ExpectedRevision): void {
  if (typeof expected === 'number') {
    if (Number.isSafeInteger(expected) && expected >= 0) return;
  } else if (expected === 'no-stream' || expected === 'stream-exists' || expected === 'any') {
    return;
  }
  throw new EventStoreRequestError(
    `stream ${streamId}: expectedRevision must be a revision (integer ≥ 0), 'no-stream', 'stream-exists' or 'any', got ${String(expected)}`,
  );
}

function validateEvent(
  streamId: string,
  event: AppendRequest['events'][number],
  limits: EventStoreLimits,
  seen: SeenInRequest,
): ValidatedEvent {
  if (typeof event.type !== 'string' || event.type.length === 0 || event.type.length > limits.maxNameLength) {
    throw new EventStoreRequestError(`stream ${streamId}, event ${event.id}: type must be a string of 1 to ${limits.maxNameLength} characters`);
  }
  if (event.type.startsWith('$')) throw new EventStoreRequestError(`stream ${streamId}, event ${event.id}: event types starting with "$" are reserved`);
  if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) {
    throw new EventStoreRequestError(`stream ${streamId}, event ${event.id}: data must be a JSON object`);
  }
  const dataJson = JSON.stringify(event.data);
  checkSize(dataJson, limits.maxEventDataBytes, () => `stream ${streamId}, event ${event.id}: data`);
  let shared = seen.metadata;
  if (shared === undefined || shared.given !== event.metadata) {
    const normalized = normalizeMetadata(`stream ${streamId}, event ${event.id}`, event.metadata);
    // Its keys are in canonical order and its values strings and one integer: this text is canonical.
    const json = JSON.stringify(normalized);
    checkSize(json, limits.maxEventMetadataBytes, () => `stream ${streamId}, event ${event.id}: metadata`);
    seen.metadata = shared = { given: event.metadata, normalized, json };
  }
  const { normalized: metadata, json: metadataJson } = shared;
  // Store what a reader will see: the parsed form of the stored JSON, so the hash matches on read.
  // Data that is plain JSON already (the usual case) reads back deep-equal: it is kept, not re-parsed;
  // built with its keys in canonical order, its JSON text is its canonical text.
  const canonical = isCanonicalPlainJson(event.data);
  const data = canonical || isPlainJson(event.data) ? event.data : (JSON.parse(dataJson) as JsonObject);
  return {
    id: event.id,
    type: event.type,
    data,
    metadata,
    dataJson,
    canonicalData: canonical ? dataJson : canonicalJson(data),
    metadataJson,
  };
}

/** UTF-8 takes at most 3 bytes per UTF-16 code unit: the byte count is only needed near the limit. */
function checkSize(json: string, limit: number, what: () => string): void {
  if (json.length * 3 <= limit) return;
  const bytes = utf8Bytes(json);
  if (bytes > limit) throw new EventStoreLimitError(`${what()} is ${bytes} bytes, the limit is ${limit}`);
}

const REQUIRED_TEXT_FIELDS = ['managerId', 'occurredAt', 'actor', 'correlationId', 'causationId'] as const;

/**
 * Keeps exactly the EventMetadata fields, with the keys in canonical (sorted) order so that its
 * `JSON.stringify` is its canonical JSON. Why drop unknown keys: every adapter must store (and hash)
 * the same metadata, and KurrentDB's multi-stream append only carries flat string properties.
 */
export function normalizeMetadata(where: string, metadata: EventMetadata | undefined): EventMetadata {
  if (metadata === null || typeof metadata !== 'object') throw new EventStoreRequestError(`${where}: metadata is required`);
  for (const field of REQUIRED_TEXT_FIELDS) {
    const value = metadata[field];
    if (typeof value !== 'string' || value.length === 0) {
      throw new EventStoreRequestError(`${where}: metadata.${field} must be a non-empty string`);
    }
  }
  if (!Number.isSafeInteger(metadata.schemaVersion) || metadata.schemaVersion < 1) {
    throw new EventStoreRequestError(`${where}: metadata.schemaVersion must be an integer ≥ 1`);
  }
  const key = metadata.idempotencyKey;
  if (key !== undefined && typeof key !== 'string') {
    throw new EventStoreRequestError(`${where}: metadata.idempotencyKey must be a string when given`);
  }
  return key === undefined
    ? {
        actor: metadata.actor,
        causationId: metadata.causationId,
        correlationId: metadata.correlationId,
        managerId: metadata.managerId,
        occurredAt: metadata.occurredAt,
        schemaVersion: metadata.schemaVersion,
      }
    : {
        actor: metadata.actor,
        causationId: metadata.causationId,
        correlationId: metadata.correlationId,
        idempotencyKey: key,
        managerId: metadata.managerId,
        occurredAt: metadata.occurredAt,
        schemaVersion: metadata.schemaVersion,
      };
}

/** Does the stream's current revision (undefined: no stream) satisfy what the caller expected? */
export function expectationHolds(expected: ExpectedRevision, current: number | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return current === undefined;
    case 'stream-exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}

/**
 * Idempotent re-append. `stored` are the already-stored events whose ids occur in the requests.
 * Returns the original result when every id is stored in the stream it is being appended to,
 * undefined when none is stored, and refuses anything in between.
 */
export function reappendResult(
  requests: readonly { streamId: string; events: readonly { id: string }[] }[],
  stored: readonly RecordedEvent[],
): AppendResult | undefined {
  if (stored.length === 0) return undefined;
  const byId = new Map(stored.map((event) => [event.id, event]));
  const requested = requests.flatMap((request) => request.events.map((event) => ({ request, event })));
  const storedIds = requested.filter(({ event }) => byId.has(event.id)).map(({ event }) => event.id);
  const newIds = requested.filter(({ event }) => !byId.has(event.id)).map(({ event }) => event.id);
  if (newIds.length > 0) {
    throw new EventIdConflictError(storedIds, newIds, 'some of the events are already stored and some are not');
  }
  const misplaced = requested.find(({ request, event }) => byId.get(event.id)?.streamId !== request.streamId);
  if (misplaced !== undefined) {
    const where = byId.get(misplaced.event.id)?.streamId;
    throw new EventIdConflictError(storedIds, [], `event ${misplaced.event.id} is stored in stream ${where}, not ${misplaced.request.streamId}`);
  }
  const originals = requested.map(({ event }) => byId.get(event.id) as RecordedEvent);
  return {
    streams: requests.map((request) => ({
      streamId: request.streamId,
      nextExpectedRevision: Math.max(...originals.filter((e) => e.streamId === request.streamId).map((e) => e.revision)),
    })),
    lastPosition: Math.max(...originals.map((event) => event.position)),
    events: originals,
  };
}

/** Checks a snapshot to save and returns its state's JSON text. */
export function validateSnapshot(snapshot: Snapshot | SnapshotText, limits: EventStoreLimits): string {
  validateStreamId(snapshot.streamId, limits);
  if (!Number.isSafeInteger(snapshot.revision) || snapshot.revision < 0) {
    throw new EventStoreRequestError(`snapshot of ${snapshot.streamId}: revision must be an integer ≥ 0`);
  }
  if (typeof snapshot.schema !== 'string' || snapshot.schema.length === 0) {
    throw new EventStoreRequestError(`snapshot of ${snapshot.streamId}: schema must be a non-empty string`);
  }
  const stateJson = 'stateJson' in snapshot ? snapshot.stateJson : JSON.stringify(snapshot.state);
  if (typeof stateJson !== 'string' || stateJson.length === 0) throw new EventStoreRequestError(`snapshot of ${snapshot.streamId}: state must be JSON`);
  const bytes = utf8Bytes(stateJson);
  if (bytes > limits.maxSnapshotBytes) {
    throw new EventStoreLimitError(`snapshot of ${snapshot.streamId}: state is ${bytes} bytes, the limit is ${limits.maxSnapshotBytes}`);
  }
  return stateJson;
}

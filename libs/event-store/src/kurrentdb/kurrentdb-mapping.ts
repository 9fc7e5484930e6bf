import {
  ANY,
  type AppendStreamState,
  type CurrentStreamState,
  NO_STREAM,
  type Position,
  type ReadPosition,
  START,
  STREAM_EXISTS,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import {
  type ChainFields,
  ConcurrencyError,
  type EventMetadata,
  type ExpectedRevision,
  type JsonObject,
  type RecordedEvent,
} from '../event-store.port';
import type { ChainHead } from '../hash-chain';

/**
 * Pure translations between the port and the KurrentDB client, kept apart from I/O so they are
 * tested without a server.
 */

/** Streams of the adapter itself (see RESERVED_STREAM_PREFIXES). */
export const chainStreamId = (managerId: string): string => `chain-${managerId}`;
export const snapshotStreamId = (streamId: string): string => `snapshot-${streamId}`;
export const CHAIN_HEAD_EVENT_TYPE = 'ChainHeadAdvanced';
export const SNAPSHOT_EVENT_TYPE = 'SnapshotSaved';

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** The server's "current state" of a stream as the port's revision (undefined: no stream). */
export function fromCurrentState(state: CurrentStreamState): number | undefined {
  if (state === NO_STREAM) return undefined;
  // Negative revisions are the server's markers for deleted (-5) and tombstoned (-6) streams.
  return state < 0n ? undefined : toSafeNumber(state, 'stream revision');
}

/**
 * A WrongExpectedVersionError on one of the caller's streams, as the port's ConcurrencyError
 * (with what the caller expected, not what was sent: 'any' may have been sent as a revision).
 * Returns undefined for anything else, including conflicts on the adapter's own chain streams.
 */
export function toConcurrencyError(
  error: unknown,
  expectations: ReadonlyMap<string, ExpectedRevision>,
): ConcurrencyError | undefined {
  if (!(error instanceof WrongExpectedVersionError)) return undefined;
  const expected = expectations.get(error.streamName);
  if (expected === undefined) return undefined;
  return new ConcurrencyError(error.streamName, expected, fromCurrentState(error.actualState));
}

/** A conflict on a chain-head stream: another writer extended the Manager's chain first; retry. */
export function isChainConflict(error: unknown): boolean {
  return error instanceof WrongExpectedVersionError && error.streamName.startsWith('chain-');
}

/**
 * Positions: the port's position is the event's $all commit position as a JS number. Assumptions:
 * (1) commit positions stay below 2^53 (a log of 9 PB); (2) every event has its own commit
 * position, equal to its prepare position, as for events written through the gRPC append APIs, so
 * `{ commit: n, prepare: n }` is a valid place to resume from. The contract suite checks (2).
 */
export function positionToNumber(position: Position): number {
  return toSafeNumber(position.commit, 'commit position');
}

export function numberToReadPosition(position: number): ReadPosition {
  if (position <= 0) return START;
  const value = BigInt(position);
  return { commit: value, prepare: value };
}

/** System events ($-prefixed types or streams) and the adapter's own chain/snapshot streams. */
export function isHiddenEvent(streamId: string, type: string): boolean {
  return (
    streamId.startsWith('$') || type.startsWith('$') || streamId.startsWith('chain-') || streamId.startsWith('snapshot-')
  );
}

const TEXT_FIELDS = ['managerId', 'occurredAt', 'actor', 'correlationId', 'causationId', 'prevHash', 'hash'] as const;

/**
 * Metadata is stored as flat string properties, because the multi-stream append carries nothing
 * else; numbers are written in decimal and parsed back.
 */
export function encodeMetadata(metadata: EventMetadata & ChainFields): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const field of TEXT_FIELDS) encoded[field] = metadata[field];
  encoded.schemaVersion = String(metadata.schemaVersion);
  encoded.chainSeq = String(metadata.chainSeq);
  if (metadata.idempotencyKey !== undefined) encoded.idempotencyKey = metadata.idempotencyKey;
  return encoded;
}

/** The inverse of encodeMetadata; tolerates extra properties a server may add. */
export function decodeMetadata(raw: unknown, eventId: string): EventMetadata & ChainFields {
  const record = asRecord(raw, `metadata of event ${eventId}`);
  const text = (field: string): string => {
    const value = record[field];
    if (typeof value !== 'string') throw new Error(`metadata of event ${eventId}: ${field} is missing`);
    return value;
  };
  const integer = (field: string): number => {
    const value = Number(record[field]);
    if (!Number.isSafeInteger(value)) throw new Error(`metadata of event ${eventId}: ${field} is not an integer`);
    return value;
  };
  const metadata: EventMetadata & ChainFields = {
    managerId: text('managerId'),
    occurredAt: text('occurredAt'),
    actor: text('actor'),
    correlationId: text('correlationId'),
    causationId: text('causationId'),
    schemaVersion: integer('schemaVersion'),
    chainSeq: integer('chainSeq'),
    prevHash: text('prevHash'),
    hash: text('hash'),
  };
  if (typeof record.idempotencyKey === 'string') metadata.idempotencyKey = record.idempotencyKey;
  return metadata;
}

export function decodeData(raw: unknown, eventId: string): JsonObject {
  return asRecord(raw, `data of event ${eventId}`) as JsonObject;
}

/** The fields of a client RecordedEvent the adapter reads (structural, so tests can build one). */
export interface KurrentEventLike {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

export function toRecordedEvent(event: KurrentEventLike): RecordedEvent {
  if (event.position === undefined) {
    throw new Error(`event ${event.id} has no log position: KurrentDB 22.6 or later is required`);
  }
  return {
    id: event.id,
    streamId: event.streamId,
    revision: toSafeNumber(event.revision, 'stream revision'),
    position: positionToNumber(event.position),
    type: event.type,
    data: decodeData(event.data, event.id),
    metadata: decodeMetadata(event.metadata, event.id),
  };
}

export function decodeChainHead(data: unknown): ChainHead {
  const record = asRecord(data, 'chain head');
  if (!Number.isSafeInteger(record.seq) || typeof record.hash !== 'string') throw new Error('malformed chain head event');
  return { seq: record.seq as number, hash: record.hash };
}

function asRecord(raw: unknown, what: string): Record<string, unknown> {
  // Events written as JSON come back parsed; anything else arrives as bytes holding JSON (or not).
  const value = raw instanceof Uint8Array ? parseJsonBytes(raw, what) : raw;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function parseJsonBytes(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new Error(`${what} is not JSON`);
  }
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} ${value} exceeds Number.MAX_SAFE_INTEGER`);
  return Number(value);
}

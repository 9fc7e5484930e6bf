import type { ValidatedRequest } from '../append-rules';
import {
  type AppendResult,
  ConcurrencyError,
  EventIdConflictError,
  type ExpectedRevision,
  type RecordedEvent,
} from '../event-store.port';

/**
 * What travels between the store (main thread) and its writer (a worker thread, or the same thread
 * for ':memory:'): strings and numbers only, serialized once on the main thread, so posting a batch
 * is a cheap structured clone.
 */

export interface WireEvent {
  id: string;
  type: string;
  /** JSON.stringify(data), as validated: stored. */
  dataJson: string;
  /** canonicalJson of the same data: hashed. */
  canonicalData: string;
  /** JSON.stringify(metadata) of the normalised metadata, without chain fields: stored. */
  metadataJson: string;
  /** canonicalJson of the same metadata: hashed. */
  canonicalMetadata: string;
}

export interface WireStreamAppend {
  streamId: string;
  expectedRevision: ExpectedRevision;
  managerId: string;
  events: WireEvent[];
}

/** One caller's request: one stream (append) or several (appendMulti), all or nothing. */
export type WireRequest = WireStreamAppend[];

/** Per event written: [position, revision, chainSeq, prevHash, hash]. */
export type WrittenEvent = [number, number, number, string, string];

export type WireOutcome =
  | { ok: 'written'; events: WrittenEvent[]; streams: Array<{ streamId: string; nextExpectedRevision: number }> }
  /** Every id was already stored: the original events, nothing written. */
  | { ok: 'reappended'; result: AppendResult }
  | { ok: false; error: WireError };

export type WireError =
  | { kind: 'concurrency'; streamId: string; expected: ExpectedRevision; actual: number | undefined }
  | { kind: 'id-conflict'; storedIds: string[]; newIds: string[]; detail: string }
  | { kind: 'other'; name: string; message: string; code?: string };

export function toWireRequest(requests: readonly ValidatedRequest[]): WireRequest {
  return requests.map((request) => ({
    streamId: request.streamId,
    expectedRevision: request.expectedRevision,
    managerId: request.managerId,
    events: request.events.map((event) => ({
      id: event.id,
      type: event.type,
      dataJson: event.dataJson,
      canonicalData: event.canonicalData,
      metadataJson: event.metadataJson,
      canonicalMetadata: event.canonicalMetadata,
    })),
  }));
}

/** The caller's answer, built from what it sent and the few values the writer decided. */
export function fromWireOutcome(requests: readonly ValidatedRequest[], outcome: WireOutcome): AppendResult {
  if (outcome.ok === false) throw fromWireError(outcome.error);
  if (outcome.ok === 'reappended') return outcome.result;
  const events: RecordedEvent[] = [];
  let index = 0;
  for (const request of requests) {
    for (const event of request.events) {
      const [position, revision, chainSeq, prevHash, hash] = outcome.events[index++];
      events.push({
        id: event.id,
        streamId: request.streamId,
        revision,
        position,
        type: event.type,
        data: event.data,
        metadata: { ...event.metadata, chainSeq, prevHash, hash },
      });
    }
  }
  return { streams: outcome.streams, lastPosition: events[events.length - 1].position, events };
}

export function toWireError(error: unknown): WireError {
  if (error instanceof ConcurrencyError) {
    return { kind: 'concurrency', streamId: error.streamId, expected: error.expected, actual: error.actual };
  }
  if (error instanceof EventIdConflictError) {
    return { kind: 'id-conflict', storedIds: error.storedIds, newIds: error.newIds, detail: error.detail };
  }
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  return {
    kind: 'other',
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

export function fromWireError(error: WireError): Error {
  switch (error.kind) {
    case 'concurrency':
      return new ConcurrencyError(error.streamId, error.expected, error.actual);
    case 'id-conflict':
      return new EventIdConflictError(error.storedIds, error.newIds, error.detail);
    default: {
      const rebuilt = new Error(error.message) as Error & { code?: string };
      rebuilt.name = error.name;
      if (error.code !== undefined) rebuilt.code = error.code;
      return rebuilt;
    }
  }
}

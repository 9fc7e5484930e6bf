import { EventStoreLimitError } from './event-store.port';

/**
 * A limit on everything a caller can make large: one bad request must not be able to stall the
 * group commit for every other request, nor blow up memory on read.
 */
export interface EventStoreLimits {
  /** Events in one append (for appendMulti: over all its streams). */
  maxEventsPerRequest: number;
  /** Streams in one appendMulti. */
  maxStreamsPerRequest: number;
  /** UTF-8 bytes of one event's serialized `data`. */
  maxEventDataBytes: number;
  /** UTF-8 bytes of one event's serialized metadata (before the chain fields are added). */
  maxEventMetadataBytes: number;
  /** Characters of a stream id or an event type. */
  maxNameLength: number;
  /** readAll page size when the caller gives none. */
  defaultReadAllLimit: number;
  /** Largest readAll page a caller may ask for. */
  maxReadAllLimit: number;
  /** UTF-8 bytes of one snapshot's serialized state. */
  maxSnapshotBytes: number;
}

export const DEFAULT_EVENT_STORE_LIMITS: Readonly<EventStoreLimits> = Object.freeze({
  // A usage batch of 1,000 records can decide 2,000 ledger events (charge + auto top-up) plus its answer.
  maxEventsPerRequest: 5000,
  maxStreamsPerRequest: 100,
  maxEventDataBytes: 256 * 1024,
  maxEventMetadataBytes: 16 * 1024,
  maxNameLength: 200,
  defaultReadAllLimit: 1000,
  maxReadAllLimit: 10_000,
  maxSnapshotBytes: 16 * 1024 * 1024,
});

export function resolveLimits(overrides: Partial<EventStoreLimits> = {}): EventStoreLimits {
  return { ...DEFAULT_EVENT_STORE_LIMITS, ...overrides };
}

/** The page size of a readAll call: the default when absent, refused when out of range. */
export function readAllLimit(limit: number | undefined, limits: EventStoreLimits): number {
  if (limit === undefined) return limits.defaultReadAllLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.maxReadAllLimit) {
    throw new EventStoreLimitError(`readAll limit must be an integer from 1 to ${limits.maxReadAllLimit}, got ${limit}`);
  }
  return limit;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, JsonObject, NewEvent, RecordedEvent } from '../event-store.port';

/** What an adapter's spec gives the contract suite, once per test. */
export interface EventStoreFixture {
  store: EventStore;
  /** Closes whatever the fixture opened and removes its data. */
  cleanup(): Promise<void>;
  /**
   * Opens a new store on the same data. The suite closes `store` before calling it and closes the
   * returned store itself. Omit when the data does not outlive the store (SQLite ':memory:').
   */
  reopen?(): Promise<EventStore>;
}

export type EventStoreFixtureFactory = () => Promise<EventStoreFixture>;

/**
 * Unique names per test, so the suite also runs against a shared server (KurrentDB) whose log
 * already holds other runs' events: every assertion looks at this test's streams and Managers only.
 * The whole UUID: with eight hex characters, the 8,492 names of the Manager-index test collided about
 * once in 120 runs (a birthday bound of 2^32).
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

export function metadataFor(managerId: string, overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    managerId,
    occurredAt: '2025-01-01T00:00:00.000Z',
    actor: 'system',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
    ...overrides,
  };
}

export function newEvent(managerId: string, type = 'CreditAllocated', data: JsonObject = { amountMinor: 100 }): NewEvent {
  return { id: randomUUID(), type, data, metadata: metadataFor(managerId) };
}

export function newEvents(managerId: string, count: number, type = 'CreditAllocated'): NewEvent[] {
  return Array.from({ length: count }, (_, index) => newEvent(managerId, type, { index, amountMinor: 100 * (index + 1) }));
}

/** Polls until `predicate` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function ids(events: readonly { id: string }[]): string[] {
  return events.map((event) => event.id);
}

export function positions(events: readonly RecordedEvent[]): number[] {
  return events.map((event) => event.position);
}

export function isStrictlyIncreasing(values: readonly number[]): boolean {
  return values.every((value, index) => index === 0 || value > values[index - 1]);
}

/** Every event of one Manager, paging through readAll. */
export async function readManagerLog(store: EventStore, managerId: string): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ managerId, after: all.at(-1)?.position ?? 0, limit: 1000 });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

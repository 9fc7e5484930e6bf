import { randomUUID } from 'node:crypto';
import { EVENT_SCHEMA_VERSION, type DomainEvent } from '@skype-manager/domain';
import type { EventStore, JsonObject, NewEvent, RecordedEvent } from '@skype-manager/event-store';

/**
 * Builds recorded events the way the store would hand them out (positions, revisions, metadata), so
 * projection specs can run without a store; `appendTo` writes the same history into a real one.
 */
export class EventLog {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();
  private clockMs: number;

  constructor(start = '2025-03-01T09:00:00.000Z') {
    this.clockMs = Date.parse(start);
  }

  /** Moves the command clock (metadata.occurredAt) forward. */
  at(instant: string): this {
    this.clockMs = Date.parse(instant);
    return this;
  }

  record(streamId: string, managerId: string, event: DomainEvent, occurredAt?: string): RecordedEvent {
    if (occurredAt !== undefined) this.clockMs = Date.parse(occurredAt);
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    const position = this.events.length + 1;
    const recorded: RecordedEvent = {
      id: `event-${position}`,
      streamId,
      revision,
      position,
      type: event.type,
      data: event.data as unknown as JsonObject,
      metadata: {
        managerId,
        occurredAt: new Date(this.clockMs).toISOString(),
        actor: 'administrator:admin-1',
        correlationId: `correlation-${position}`,
        causationId: `correlation-${position}`,
        schemaVersion: EVENT_SCHEMA_VERSION,
        chainSeq: position,
        prevHash: '',
        hash: '',
      },
    };
    this.events.push(recorded);
    this.clockMs += 1000;
    return recorded;
  }

  manager(managerId: string, ...events: DomainEvent[]): this {
    for (const event of events) this.record(`manager-${managerId}`, managerId, event);
    return this;
  }

  ledger(managerId: string, ...events: DomainEvent[]): this {
    for (const event of events) this.record(`ledger-${managerId}`, managerId, event);
    return this;
  }

  member(managerId: string, memberId: string, ...events: DomainEvent[]): this {
    for (const event of events) this.record(`member-${memberId}`, managerId, event);
    return this;
  }
}

/** Appends recorded events to a real store, in order, keeping their ids, types, data and metadata. */
export async function appendTo(
  store: EventStore,
  events: readonly RecordedEvent[],
  eventsPerAppend = 500,
): Promise<void> {
  for (let start = 0; start < events.length;) {
    // Consecutive events of one stream go in one append (the store's limit caps the size).
    const streamId = events[start].streamId;
    const chunk: NewEvent[] = [];
    while (start < events.length && events[start].streamId === streamId && chunk.length < eventsPerAppend) {
      chunk.push(toNewEvent(events[start]));
      start += 1;
    }
    await store.append(streamId, 'any', chunk);
  }
}

export function toNewEvent(event: RecordedEvent): NewEvent {
  const { managerId, occurredAt, actor, correlationId, causationId, schemaVersion } = event.metadata;
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: { managerId, occurredAt, actor, correlationId, causationId, schemaVersion },
  };
}

import {
  type AppendStreamRequest,
  type AppendStreamState,
  BACKWARDS,
  END,
  type EventData,
  type Filter,
  type KurrentDBClient,
  NO_STREAM,
  type Position,
  type ReadPosition,
  type ReadRevision,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { EventEmitter } from 'node:events';

/**
 * An in-memory stand-in for the few KurrentDB client calls the adapter makes, modelled on the
 * client's typings and documented server behaviour: missing streams throw StreamNotFoundError,
 * expected states are checked atomically across a multi-stream append, $all reads from a position
 * include the event at it, positions have commit == prepare. It exercises the adapter's own logic
 * (retries, chain, idempotency, paging); it proves nothing about a real server.
 */
interface StoredEvent {
  streamId: string;
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  revision: bigint;
  position: Position;
  isJson: boolean;
  created: Date;
}

interface ReadOptions {
  fromRevision?: ReadRevision;
  fromPosition?: ReadPosition;
  direction?: string;
  maxCount?: number | bigint;
  filter?: Filter;
}

export class FakeKurrentDbClient {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly subscribers = new Set<EventEmitter>();
  private nextPosition = 1000n;
  /** Called before each multi-stream append is applied: lets a test inject a concurrent writer. */
  beforeMultiAppend: (() => void) | undefined;

  asClient(): KurrentDBClient {
    return this as unknown as KurrentDBClient;
  }

  async *readStream(streamName: string, options: ReadOptions = {}): AsyncGenerator<{ event: StoredEvent }> {
    const stream = this.streams.get(streamName);
    if (stream === undefined) throw new StreamNotFoundError(undefined, streamName);
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? (backwards ? END : START);
    let events = backwards ? [...stream].reverse() : stream;
    if (typeof from === 'bigint') events = events.filter((event) => (backwards ? event.revision <= from : event.revision >= from));
    yield* events.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map((event) => ({ event }));
  }

  async *readAll(options: ReadOptions = {}): AsyncGenerator<{ event: StoredEvent }> {
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? (backwards ? END : START);
    let events = (backwards ? [...this.log].reverse() : this.log).filter((event) => matches(options.filter, event));
    if (typeof from === 'object') {
      events = events.filter((event) => (backwards ? event.position.commit <= from.commit : event.position.commit >= from.commit));
    }
    yield* events.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map((event) => ({ event }));
  }

  async multiStreamAppend(requests: AppendStreamRequest[]): Promise<{ position: bigint; responses: unknown[] }> {
    await Promise.resolve(); // a network round trip: other callers interleave here
    this.beforeMultiAppend?.();
    for (const request of requests) {
      for (const event of request.events) {
        const values = Object.values((event.metadata ?? {}) as Record<string, unknown>);
        if (values.some((value) => typeof value !== 'string')) throw new Error('multiStreamAppend requires string metadata');
      }
      this.checkState(request.streamName, request.expectedState);
    }
    for (const request of requests) this.write(request.streamName, request.events);
    return { position: this.nextPosition, responses: [] };
  }

  async appendToStream(streamName: string, event: EventData, options: { streamState?: AppendStreamState } = {}): Promise<void> {
    this.checkState(streamName, options.streamState ?? 'any');
    this.write(streamName, [event]);
  }

  /** Appends as another process would, bypassing the adapter (e.g. to move a chain head). */
  appendRaw(streamName: string, event: EventData): void {
    this.write(streamName, [event]);
  }

  subscribeToAll(): EventEmitter & { unsubscribe(): Promise<void> } {
    const emitter = Object.assign(new EventEmitter(), {
      unsubscribe: async () => {
        this.subscribers.delete(emitter);
      },
    });
    this.subscribers.add(emitter);
    return emitter;
  }

  async dispose(): Promise<void> {
    this.subscribers.clear();
  }

  private checkState(streamName: string, expected: AppendStreamState): void {
    const stream = this.streams.get(streamName);
    const current = stream === undefined ? undefined : BigInt(stream.length - 1);
    const holds =
      expected === 'any' ||
      (expected === NO_STREAM && current === undefined) ||
      (expected === STREAM_EXISTS && current !== undefined) ||
      expected === current;
    if (!holds) throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? NO_STREAM });
  }

  private write(streamName: string, events: EventData[]): void {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    for (const event of events) {
      this.nextPosition += 37n; // gaps, like a real log's byte positions
      const stored: StoredEvent = {
        streamId: streamName,
        id: event.id,
        type: event.type,
        // The server hands back parsed copies, never the caller's objects.
        data: JSON.parse(JSON.stringify(event.data)),
        metadata: event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
        revision: BigInt(stream.length),
        position: { commit: this.nextPosition, prepare: this.nextPosition },
        isJson: true,
        created: new Date(),
      };
      stream.push(stored);
      this.log.push(stored);
      for (const subscriber of this.subscribers) setImmediate(() => subscriber.emit('data', { event: stored }));
    }
  }
}

function matches(filter: Filter | undefined, event: StoredEvent): boolean {
  if (filter === undefined || !('regex' in filter)) return true;
  const subject = filter.filterOn === 'eventType' ? event.type : event.streamId;
  return new RegExp(filter.regex).test(subject);
}

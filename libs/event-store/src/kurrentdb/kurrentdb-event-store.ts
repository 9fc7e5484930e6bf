import {
  ANY,
  BACKWARDS,
  END,
  excludeSystemEvents,
  jsonEvent,
  KurrentDBClient,
  type ReadStreamOptions as KurrentReadStreamOptions,
  StreamNotFoundError,
} from '@kurrent/kurrentdb-client';
import { collectParts, expectationHolds, reappendResult, type ValidatedRequest, validateAppendRequests, validateSnapshot } from '../append-rules';
import {
  type AppendRequest,
  type AppendResult,
  ConcurrencyError,
  type EventStore,
  type ExpectedRevision,
  type JsonValue,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type Snapshot,
  type SnapshotText,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import type { ChainHead } from '../hash-chain';
import { KeyedMutex } from '../keyed-mutex';
import { type EventStoreLimits, readAllLimit, resolveLimits } from '../limits';
import { ChangeNotifier, SubscriptionSet } from '../subscription/paged-subscription';
import { planAppend, type StoredChainHead } from './kurrentdb-append-plan';
import { KurrentLiveSignal } from './kurrentdb-live-signal';
import {
  chainStreamId,
  decodeChainHead,
  isChainConflict,
  isHiddenEvent,
  type KurrentEventLike,
  numberToReadPosition,
  positionToNumber,
  SNAPSHOT_EVENT_TYPE,
  snapshotStreamId,
  toConcurrencyError,
  toRecordedEvent,
} from './kurrentdb-mapping';

export interface KurrentDbEventStoreOptions {
  limits?: Partial<EventStoreLimits>;
  /** Attempts of one append when other writers keep extending the same Manager's chain. Default 10. */
  maxAttempts?: number;
  /** How far back an append with 'any'/'stream-exists' looks for its own ids (a retry). Default 10000. */
  idempotencyScanLimit?: number;
  /** Polling fallback of live subscriptions, next to the server push. Default 1000 ms. */
  pollIntervalMs?: number;
}

/** Events read per $all request when paging through the log. */
const ALL_PAGE_SIZE = 500;

/**
 * The production adapter. Requires KurrentDB 25.1+ (multi-stream append), which makes an append
 * and its chain-head update one atomic write. See README.md for the mapping and its assumptions.
 */
export class KurrentDbEventStore implements EventStore {
  /** @param url a KurrentDB connection string, e.g. `kurrentdb://localhost:2113?tls=false` */
  static fromConnectionString(url: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(url), options);
  }

  private readonly limits: EventStoreLimits;
  private readonly maxAttempts: number;
  private readonly idempotencyScanLimit: number;
  /** One append at a time per Manager in this process: its chain head is the shared resource. */
  private readonly managerLocks = new KeyedMutex();
  private readonly notifier: ChangeNotifier;
  private readonly liveSignal: KurrentLiveSignal;
  private readonly subscriptions = new SubscriptionSet();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(
    private readonly client: KurrentDBClient,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.limits = resolveLimits(options.limits);
    this.maxAttempts = options.maxAttempts ?? 10;
    this.idempotencyScanLimit = options.idempotencyScanLimit ?? 10_000;
    this.notifier = new ChangeNotifier(options.pollIntervalMs ?? 1000);
    this.liveSignal = new KurrentLiveSignal(client, () => this.notifier.notify());
  }

  append(streamId: string, expectedRevision: ExpectedRevision, events: NewEvent[]): Promise<AppendResult> {
    return this.appendMulti([{ streamId, expectedRevision, events }]);
  }

  async appendMulti(requests: AppendRequest[]): Promise<AppendResult> {
    if (this.closing) throw new Error('event store is closed: append refused');
    const validated = validateAppendRequests(requests, this.limits);
    const managers = validated.map((request) => request.managerId);
    return this.track(this.managerLocks.runExclusive(managers, () => this.appendWithRetries(validated)));
  }

  /** Takes every part, then appends them as one appendMulti (see the port). */
  async appendInParts(nextPart: () => AppendRequest[] | undefined): Promise<AppendResult> {
    if (this.closing) throw new Error('event store is closed: append refused');
    const validated = collectParts(nextPart, this.limits);
    const managers = validated.map((request) => request.managerId);
    return this.track(this.managerLocks.runExclusive(managers, () => this.appendWithRetries(validated)));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount === 0) return [];
    const readOptions: KurrentReadStreamOptions = { fromRevision: BigInt(options.fromRevision ?? 0) };
    if (options.maxCount !== undefined) readOptions.maxCount = options.maxCount;
    return (await this.readRaw(streamId, readOptions)).map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    const last = await this.lastRaw(streamId);
    return last === undefined ? undefined : Number(last.revision);
  }

  async chainHead(managerId: string): Promise<ChainHead | undefined> {
    const last = await this.lastRaw(chainStreamId(managerId));
    return last === undefined ? undefined : decodeChainHead(last.data);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = readAllLimit(options.limit, this.limits);
    return this.readAllPage(options.after ?? 0, limit, options.managerId);
  }

  async headPosition(): Promise<number> {
    const backwards = this.client.readAll({ fromPosition: END, direction: BACKWARDS, filter: excludeSystemEvents() });
    for await (const resolved of backwards) {
      const event = resolved.event;
      // The last event may be a chain head or a snapshot: the head is the last event of the port's log.
      if (event !== undefined && !isHiddenEvent(event.streamId, event.type)) return positionToNumber(event.position);
    }
    return 0;
  }

  subscribe(options: SubscribeOptions, handler: (events: RecordedEvent[]) => Promise<void>): Subscription {
    if (this.closing) throw new Error('event store is closed');
    this.liveSignal.start();
    return this.subscriptions.start(
      {
        readPage: (after, limit) => this.readAllPage(after, limit, options.managerId),
        maxPageSize: this.limits.maxReadAllLimit,
        changeToken: () => this.notifier.changeToken(),
        waitForChange: (token, signal) => this.notifier.waitForChange(token, signal),
      },
      options,
      handler,
    );
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    const last = await this.lastRaw(snapshotStreamId(streamId));
    if (last === undefined) return undefined;
    const data = last.data as { revision: number; schema: string; state: JsonValue };
    return { streamId, revision: data.revision, schema: data.schema, state: data.state };
  }

  async saveSnapshot(snapshot: Snapshot | SnapshotText): Promise<void> {
    const stateJson = validateSnapshot(snapshot, this.limits);
    // A copy, taken now: the caller may change its state once this returns.
    const data = { revision: snapshot.revision, schema: snapshot.schema, state: JSON.parse(stateJson) as JsonValue };
    await this.track(
      this.client.appendToStream(snapshotStreamId(snapshot.streamId), jsonEvent({ type: SNAPSHOT_EVENT_TYPE, data }), { streamState: ANY }),
    );
  }

  /** Lets running appends finish, stops the subscriptions and the live signal, then disconnects. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
    await this.subscriptions.stopAll();
    await this.liveSignal.stop();
    await this.client.dispose();
  }

  private async appendWithRetries(requests: ValidatedRequest[]): Promise<AppendResult> {
    const expectations = new Map(requests.map((request) => [request.streamId, request.expectedRevision]));
    for (let attempt = 1; ; attempt += 1) {
      const original = reappendResult(requests, await this.findStoredIds(requests));
      if (original !== undefined) return original;
      try {
        return await this.appendOnce(requests);
      } catch (error) {
        const conflict = toConcurrencyError(error, expectations);
        // Only a numbered or 'no-stream' expectation is the caller's to lose; 'any' and
        // 'stream-exists' were sent as the revision we read, so another writer just means: re-read.
        const callersConflict = conflict !== undefined && !isLooseExpectation(expectations.get(conflict.streamId));
        if (callersConflict) throw conflict;
        if ((conflict === undefined && !isChainConflict(error)) || attempt >= this.maxAttempts) throw error;
        await sleep(Math.random() * 10 * attempt); // de-synchronise writers in other processes
      }
    }
  }

  private async appendOnce(requests: ValidatedRequest[]): Promise<AppendResult> {
    const currentRevisions = await Promise.all(requests.map((request) => this.currentRevisionFor(request)));
    const chains = await this.readChainHeads(requests);
    const plan = planAppend(requests, currentRevisions, chains);
    await this.client.multiStreamAppend(plan.requests);
    // The multi-stream append answers with one position for the whole write; read the events back
    // for theirs (and so return exactly what readers will see).
    const written = await Promise.all(
      requests.map((request, index) =>
        this.readStream(request.streamId, { fromRevision: plan.firstRevisions[index], maxCount: request.events.length }),
      ),
    );
    const events = written.flat();
    return {
      streams: requests.map((request, index) => ({
        streamId: request.streamId,
        nextExpectedRevision: plan.firstRevisions[index] + request.events.length - 1,
      })),
      lastPosition: Math.max(...events.map((event) => event.position)),
      events,
    };
  }

  /**
   * The revision the events will follow. The hash covers each event's revision, so it must be known
   * before writing: a numbered or 'no-stream' expectation gives it; otherwise it is read, and the
   * write is sent with that exact revision so it fails (and is retried) if the stream moved.
   */
  private async currentRevisionFor(request: ValidatedRequest): Promise<number | undefined> {
    const expected = request.expectedRevision;
    if (typeof expected === 'number') return expected;
    if (expected === 'no-stream') return undefined;
    const current = await this.streamRevision(request.streamId);
    if (!expectationHolds(expected, current)) throw new ConcurrencyError(request.streamId, expected, current);
    return current;
  }

  private async readChainHeads(requests: ValidatedRequest[]): Promise<Map<string, StoredChainHead>> {
    const managers = [...new Set(requests.map((request) => request.managerId))];
    const heads = await Promise.all(
      managers.map(async (managerId): Promise<[string, StoredChainHead]> => {
        const last = await this.lastRaw(chainStreamId(managerId));
        if (last === undefined) return [managerId, { head: { seq: 0, hash: '' }, revision: undefined }];
        return [managerId, { head: decodeChainHead(last.data), revision: Number(last.revision) }];
      }),
    );
    return new Map(heads);
  }

  /**
   * The stored events that carry one of the request's ids. Where a previous attempt of this exact
   * request would have put its events is known for a numbered or 'no-stream' expectation; for
   * 'any'/'stream-exists' the stream's last `idempotencyScanLimit` events are searched.
   * KurrentDB has no global id index: ids stored in another stream are not detected here.
   */
  private async findStoredIds(requests: ValidatedRequest[]): Promise<RecordedEvent[]> {
    const found = await Promise.all(
      requests.map(async (request) => {
        const ids = new Set(request.events.map((event) => event.id));
        const candidates = await this.readCandidates(request);
        return candidates.filter((event) => ids.has(event.id)).map(toRecordedEvent);
      }),
    );
    return found.flat();
  }

  private readCandidates(request: ValidatedRequest): Promise<KurrentEventLike[]> {
    const expected = request.expectedRevision;
    if (typeof expected === 'number' || expected === 'no-stream') {
      const from = expected === 'no-stream' ? 0 : expected + 1;
      return this.readRaw(request.streamId, { fromRevision: BigInt(from), maxCount: request.events.length });
    }
    return this.readRaw(request.streamId, { fromRevision: END, direction: BACKWARDS, maxCount: this.idempotencyScanLimit });
  }

  /** One page of the port's log: hidden events skipped, optionally one Manager's events only. */
  private async readAllPage(after: number, limit: number, managerId: string | undefined): Promise<RecordedEvent[]> {
    const page: RecordedEvent[] = [];
    let from = after;
    for (;;) {
      const reads = this.client.readAll({ fromPosition: numberToReadPosition(from), maxCount: ALL_PAGE_SIZE, filter: excludeSystemEvents() });
      let seen = 0;
      for await (const resolved of reads) {
        seen += 1;
        const event = resolved.event;
        if (event === undefined) continue;
        const position = positionToNumber(event.position);
        if (position <= from) continue; // a read from a position includes the event at it
        from = position;
        if (isHiddenEvent(event.streamId, event.type)) continue;
        const recorded = toRecordedEvent(event);
        if (managerId !== undefined && recorded.metadata.managerId !== managerId) continue;
        page.push(recorded);
        if (page.length === limit) return page;
      }
      if (seen < ALL_PAGE_SIZE) return page;
    }
  }

  private async lastRaw(streamId: string): Promise<KurrentEventLike | undefined> {
    const [last] = await this.readRaw(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    return last;
  }

  private async readRaw(streamId: string, options: KurrentReadStreamOptions): Promise<KurrentEventLike[]> {
    const events: KurrentEventLike[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) {
        if (resolved.event !== undefined) events.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = (): void => void this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }
}

function isLooseExpectation(expected: ExpectedRevision | undefined): boolean {
  return expected === 'any' || expected === 'stream-exists';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

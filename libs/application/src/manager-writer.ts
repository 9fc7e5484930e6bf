import { createHash } from 'node:crypto';
import {
  applyDecision,
  decide,
  decision,
  DomainError,
  EVENT_SCHEMA_VERSION,
  initialAccountNameState,
  initialMemberState,
  RecordUsageDecider,
  streamsOf,
  type AccountNameState,
  type Command,
  type Decision,
  type DecisionContext,
  type LedgerEvent,
  type LedgerState,
  type ManagerState,
  type MemberState,
  type RecordUsage,
} from '@skype-manager/domain';
import {
  ConcurrencyError,
  EventStoreLimitError,
  type AppendRequest,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type JsonObject,
  type NewEvent,
} from '@skype-manager/event-store';
import {
  IDEMPOTENCY_EVENT_TYPE,
  idempotencyStreamId,
  type CommandOutcome,
  type CommandRequest,
} from './command-request';
import { newId } from './ids';
import { IdempotencyConflictError, RetriesExhaustedError, WriterOverloadedError } from './errors';
import {
  ACCOUNT_NAME_KIND,
  catchUp,
  LEDGER_KIND,
  loadStream,
  MANAGER_KIND,
  MEMBER_KIND,
  snapshotOf,
  type Loaded,
} from './stream-state';

export interface WriterOptions {
  /** Commands decided together and appended in one group commit. */
  maxBatch: number;
  /** Commands allowed to wait for one Manager before new ones are refused. */
  maxQueue: number;
  /** Attempts of one command against concurrent writers before giving up. */
  maxAttempts: number;
  /** A ledger snapshot is saved after this many new ledger events. */
  snapshotEvery: number;
  /** Member states kept in memory per Manager. */
  maxCachedMembers: number;
  /**
   * A RecordUsage of more records than this is decided this many records at a time, each part handed
   * to the store as soon as it is decided (EventStore.appendInParts): the SQLite writer thread inserts
   * it while the next part is decided. 0: always decide and append whole.
   */
  usagePartRecords: number;
}

export const DEFAULT_WRITER_OPTIONS: WriterOptions = {
  maxBatch: 256,
  maxQueue: 10_000,
  maxAttempts: 5,
  // A usage batch decides ~1,000 events: snapshot every ~10 batches, so loading replays at most that.
  snapshotEvery: 10_000,
  maxCachedMembers: 5000,
  // Measured with bench part 2 (README, Performance): parts of 100 overlapped best.
  usagePartRecords: 100,
};

export interface ManagerView {
  manager: ManagerState;
  ledger: LedgerState;
}

type CommandItem = {
  kind: 'command';
  request: CommandRequest;
  attempts: number;
  resolve: (outcome: CommandOutcome) => void;
  reject: (error: unknown) => void;
};
type ReadItem = {
  kind: 'read';
  fn: (view: ManagerView) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};
type Item = CommandItem | ReadItem;

interface OtherStreams {
  member?: Loaded<MemberState>;
  accountName?: Loaded<AccountNameState>;
}

/** A decided command: its append (null when it decided nothing), and how to answer once it is stored. */
interface Planned {
  item: CommandItem;
  appended: Promise<AppendResult> | null;
  body: JsonObject;
}

/** See maybeSnapshot: the interval between snapshots is at least their size in characters / this. */
const SNAPSHOT_CHARS_PER_EVENT = 50;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40);
}

/**
 * The single writer of one Manager's streams. Commands queue here; each turn takes the waiting ones,
 * decides them in order against the cached state, and hands all their appends to the store at once,
 * which commits them together (group commit). A command that meets a concurrent writer is retried on
 * freshly loaded state.
 */
export class ManagerWriter {
  private readonly queue: Item[] = [];
  private running = false;
  private manager?: Loaded<ManagerState>;
  private ledger?: Loaded<LedgerState>;
  private readonly members = new Map<string, Loaded<MemberState>>();
  private lastSnapshotRevision = -1;
  /** Ledger events between two snapshots: `snapshotEvery`, or more once snapshots grow large. */
  private snapshotInterval: number;
  /** The snapshot being written, if any: the writer does not wait for it (see maybeSnapshot). */
  private snapshotWrite: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    readonly managerId: string,
    private readonly options: WriterOptions = DEFAULT_WRITER_OPTIONS,
  ) {
    this.snapshotInterval = options.snapshotEvery;
  }

  get idle(): boolean {
    return !this.running && this.queue.length === 0 && this.snapshotWrite === undefined;
  }

  submit(request: CommandRequest): Promise<CommandOutcome> {
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(new WriterOverloadedError(this.queue.length));
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'command', request, attempts: 0, resolve, reject });
      this.kick();
    });
  }

  /** Runs `fn` on the committed state, after the commands submitted before it. */
  read<T>(fn: (view: ManagerView) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ kind: 'read', fn, resolve: resolve as (v: unknown) => void, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.refresh();
          if (batch[0].kind === 'read') this.answerReads(batch as ReadItem[]);
          else await this.processCommands(batch as CommandItem[]);
        } catch (error) {
          this.invalidate();
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** A run of commands, or a run of reads: reads never see the uncommitted events of a batch. */
  private takeBatch(): Item[] {
    const kind = this.queue[0].kind;
    let n = 0;
    while (n < this.queue.length && n < this.options.maxBatch && this.queue[n].kind === kind) n++;
    return this.queue.splice(0, n);
  }

  private async refresh(): Promise<void> {
    const { store, managerId } = this;
    if (!this.manager) this.manager = await loadStream(store, MANAGER_KIND, `manager-${managerId}`);
    else await catchUp(store, MANAGER_KIND, this.manager);
    if (!this.ledger) {
      this.ledger = await loadStream(store, LEDGER_KIND, `ledger-${managerId}`);
      this.lastSnapshotRevision = this.ledger.revision ?? -1;
    } else await catchUp(store, LEDGER_KIND, this.ledger);
  }

  private invalidate(): void {
    this.manager = undefined;
    this.ledger = undefined;
    this.members.clear();
  }

  private answerReads(items: ReadItem[]): void {
    const view = { manager: this.manager!.state, ledger: this.ledger!.state };
    for (const item of items) {
      try {
        item.resolve(item.fn(view));
      } catch (error) {
        item.reject(error);
      }
    }
  }

  private async processCommands(items: CommandItem[]): Promise<void> {
    const fresh = await this.answerRepeats(this.deferSameKey(items));
    const streams = await this.loadOtherStreams(fresh);
    const planned: Array<Planned | { item: CommandItem; refusal: unknown }> = [];
    for (const item of fresh) {
      try {
        planned.push(this.plan(item, streams.get(item)!));
      } catch (error) {
        planned.push({ item, refusal: error });
      }
    }
    // Each command's append was handed to the store as it was planned, so the log keeps the order in
    // which they were decided; the store commits those of one turn together.
    const results = await Promise.allSettled(planned.map((p) => ('appended' in p ? p.appended : null)));
    await this.settle(planned, results);
  }

  /** Two requests with one idempotency key in a batch: the later waits for the next turn, to be replayed. */
  private deferSameKey(items: CommandItem[]): CommandItem[] {
    const keys = new Set<string>();
    const now: CommandItem[] = [];
    const later: CommandItem[] = [];
    for (const item of items) {
      const idem = item.request.idempotency;
      const key = idem ? `${idem.scope}\u0000${idem.key}` : undefined;
      if (key && keys.has(key)) later.push(item);
      else {
        if (key) keys.add(key);
        now.push(item);
      }
    }
    this.queue.unshift(...later);
    return now;
  }

  /** Commands whose idempotency key was seen before get their first answer again (or a conflict). */
  private async answerRepeats(items: CommandItem[]): Promise<CommandItem[]> {
    const seen = await Promise.all(
      items.map(async (item) => {
        const idem = item.request.idempotency;
        if (!idem) return false;
        const [record] = await this.store.readStream(idempotencyStreamId(idem.scope, hashKey(idem.key)), { maxCount: 1 });
        if (!record) return false;
        if (record.data.requestHash !== idem.requestHash) item.reject(new IdempotencyConflictError(idem.key));
        else {
          // The record is the command's last event, so its position is the one first answered.
          const body = { ...(record.data.answer as JsonObject), position: record.position };
          item.resolve({ body, position: record.position, replayed: true, events: [] });
        }
        return true;
      }),
    );
    return items.filter((_, i) => !seen[i]);
  }

  /** Member and account-name streams the batch needs. Account names are shared across Managers: always read. */
  private async loadOtherStreams(items: CommandItem[]) {
    const byItem = new Map<CommandItem, OtherStreams>();
    for (const item of items) {
      const first = streamsOf(item.request.command);
      let member: Loaded<MemberState> | undefined;
      if (first.member) member = await this.memberStream(first.member);
      const streams = streamsOf(item.request.command, member?.state);
      const accountName = streams.accountName
        ? await loadStream(this.store, ACCOUNT_NAME_KIND, streams.accountName)
        : undefined;
      byItem.set(item, { member, accountName });
    }
    return byItem;
  }

  private async memberStream(streamId: string): Promise<Loaded<MemberState>> {
    let loaded = this.members.get(streamId);
    if (!loaded) {
      loaded = await loadStream(this.store, MEMBER_KIND, streamId);
      if (this.members.size >= this.options.maxCachedMembers) {
        this.members.delete(this.members.keys().next().value as string);
      }
      this.members.set(streamId, loaded);
    } else await catchUp(this.store, MEMBER_KIND, loaded);
    return loaded;
  }

  /**
   * Decides one command on the cached state, hands its events to the store, and advances that state
   * as if they were stored (settle drops it if they are not).
   */
  private plan(
    item: CommandItem,
    other: OtherStreams,
  ): Planned {
    const { command } = item.request;
    const ctx: DecisionContext = {
      manager: this.manager!.state,
      ledger: this.ledger!.state,
      member: other.member?.state ?? initialMemberState(),
      accountName: other.accountName?.state ?? initialAccountNameState(),
    };
    const partRecords = this.options.usagePartRecords;
    if (command.type === 'RecordUsage' && partRecords > 0 && command.data.records.length > partRecords) {
      return this.planInParts(item, ctx, command, partRecords);
    }
    const decided = decide(ctx, command);
    const targets = {
      manager: this.manager!,
      ledger: this.ledger!,
      member: other.member,
      accountName: other.accountName,
    };
    const requests: AppendRequest[] = [];
    const metadata = this.metadataOf(item.request);
    for (const kind of ['manager', 'ledger', 'member', 'accountName'] as const) {
      const events = decided[kind];
      if (events.length === 0) continue;
      const target = targets[kind];
      if (!target) throw new Error(`${command.type} decided events for the ${kind} stream it did not load`);
      requests.push({
        streamId: target.streamId,
        expectedRevision: target.revision ?? 'no-stream',
        events: events.map((e) => toNewEvent(e, metadata)),
      });
      target.revision = (target.revision ?? -1) + events.length;
    }
    const body = item.request.answer(decided);
    const answered = this.idempotencyRecord(item, body, metadata);
    if (answered) requests.push(answered);
    this.advance(ctx, decided, other);
    return { item, body, appended: requests.length > 0 ? promised(() => this.store.appendMulti(requests)) : null };
  }

  /**
   * A large RecordUsage, decided `partRecords` records at a time (RecordUsageDecider: the parts make
   * exactly the whole decision). Each part's events go to the store as soon as they are decided
   * (appendInParts), the idempotency record with the last: one atomic append, whose writing overlaps
   * the deciding. A refusal of the whole command comes from the decider, before anything is handed over.
   */
  private planInParts(item: CommandItem, ctx: DecisionContext, command: RecordUsage, partRecords: number): Planned {
    const decider = new RecordUsageDecider(ctx, command);
    const ledger = this.ledger!;
    const metadata = this.metadataOf(item.request);
    const events: LedgerEvent[] = [];
    let revision = ledger.revision;
    const nextLedgerPart = (): AppendRequest | undefined => {
      while (!decider.done) {
        const part = decider.next(partRecords);
        if (part.length === 0) continue;
        for (const event of part) events.push(event);
        const request: AppendRequest = {
          streamId: ledger.streamId,
          expectedRevision: revision ?? 'no-stream',
          events: part.map((event) => toNewEvent(event, metadata)),
        };
        revision = (revision ?? -1) + part.length;
        return request;
      }
      return undefined;
    };
    let body: JsonObject | undefined;
    let decided: Decision | undefined;
    const finish = (): AppendRequest | undefined => {
      decided = decision({ ledger: events });
      body = item.request.answer(decided);
      return this.idempotencyRecord(item, body, metadata);
    };

    let first = nextLedgerPart();
    let appended: Promise<AppendResult> | null;
    if (first === undefined) {
      // Every record was seen before: nothing to charge or refuse (at most the idempotency record).
      const answered = finish();
      appended = answered ? promised(() => this.store.appendMulti([answered])) : null;
    } else {
      let ended = false;
      appended = promised(() => this.store.appendInParts(() => {
        const part = first ?? nextLedgerPart();
        first = undefined;
        if (part !== undefined) return [part];
        if (ended) return undefined;
        ended = true;
        const answered = finish();
        return answered ? [answered] : undefined;
      }));
      // The port has the store take every part before appendInParts returns; if it stopped early,
      // the append failed (a part was refused) and its rejection is the command's.
      if (!ended) {
        const failed = appended.then((): never => {
          throw new Error('the event store did not take every part of an append before returning');
        });
        return { item, body: {}, appended: failed };
      }
    }
    ledger.revision = revision;
    this.advance(ctx, decided!, {});
    return { item, body: body!, appended };
  }

  /** The record that answers a retry of the command with the same idempotency key, if it has one. */
  private idempotencyRecord(item: CommandItem, body: JsonObject, metadata: EventMetadata): AppendRequest | undefined {
    const idem = item.request.idempotency;
    if (!idem) return undefined;
    const data = { commandType: item.request.command.type, requestHash: idem.requestHash, answer: body };
    return {
      streamId: idempotencyStreamId(idem.scope, hashKey(idem.key)),
      expectedRevision: 'no-stream',
      events: [toNewEvent({ type: IDEMPOTENCY_EVENT_TYPE, data }, metadata)],
    };
  }

  /** The cached state becomes the decided one (settle drops it if the append fails). */
  private advance(ctx: DecisionContext, decided: Decision, other: OtherStreams): void {
    applyDecision(ctx, decided);
    this.manager!.state = ctx.manager;
    this.ledger!.state = ctx.ledger;
    if (other.member) other.member.state = ctx.member;
    if (other.accountName) other.accountName.state = ctx.accountName;
  }

  /** The metadata every event of one command shares: one frozen object, not one per event. */
  private metadataOf(request: CommandRequest): EventMetadata {
    return Object.freeze({
      managerId: this.managerId,
      occurredAt: request.command.metadata.now,
      actor: request.actor,
      correlationId: request.correlationId,
      causationId: request.causationId ?? request.correlationId,
      ...(request.idempotency ? { idempotencyKey: request.idempotency.key } : {}),
      schemaVersion: EVENT_SCHEMA_VERSION,
    });
  }

  /**
   * Answers each command once its append settled. After the first failed append, the cached state
   * holds events that were never stored: it is dropped, and every later command of the batch (even
   * one that was refused, as the refusal may rest on those events) is decided again.
   */
  private async settle(
    planned: Array<Planned | { item: CommandItem; refusal: unknown }>,
    results: PromiseSettledResult<AppendResult | null>[],
  ): Promise<void> {
    let failed = false;
    const retry: CommandItem[] = [];
    for (let i = 0; i < planned.length; i++) {
      const p = planned[i];
      const result = results[i];
      if (result.status === 'rejected') {
        failed = true;
        this.retryOrReject(p.item, result.reason, retry);
      } else if ('refusal' in p) {
        if (failed && p.refusal instanceof DomainError) this.retryOrReject(p.item, p.refusal, retry);
        else p.item.reject(p.refusal);
      } else {
        const appended = result.value;
        const position = appended ? appended.lastPosition : await this.store.headPosition();
        // Read from the store's answer only if someone asks (the store may build them lazily).
        p.item.resolve({
          body: { ...p.body, position },
          position,
          replayed: false,
          get events() {
            return appended ? appended.events : [];
          },
        });
      }
    }
    if (failed) this.invalidate();
    else this.maybeSnapshot();
    this.queue.unshift(...retry);
  }

  private retryOrReject(item: CommandItem, reason: unknown, retry: CommandItem[]): void {
    item.attempts += 1;
    const retriable = reason instanceof ConcurrencyError || reason instanceof DomainError;
    if (!retriable) item.reject(reason);
    else if (item.attempts >= this.options.maxAttempts) {
      item.reject(reason instanceof DomainError ? reason : new RetriesExhaustedError(item.attempts));
    } else retry.push(item);
  }

  /**
   * Saves a ledger snapshot once `snapshotInterval` events were appended since the last one. The copy
   * is taken now (the live state changes in place); the write is not waited for: the next batch is
   * decided while the store writes it (a snapshot that fails to save only means a longer replay on the
   * next load, so its failure is not the commands' failure).
   *
   * The snapshot holds every usage id of the usage window, so its size grows with the usage volume.
   * The interval grows with it: at least one event per SNAPSHOT_CHARS_PER_EVENT characters of the last
   * snapshot, which keeps snapshots a small fraction of what is written (a stored usage event is ~700
   * bytes), and loading bounded (the snapshot, then at most that many events).
   */
  private maybeSnapshot(): void {
    const ledger = this.ledger;
    if (!ledger || ledger.revision === undefined || this.snapshotWrite !== undefined) return;
    if (ledger.revision - this.lastSnapshotRevision < this.snapshotInterval) return;
    const previous = { revision: this.lastSnapshotRevision, interval: this.snapshotInterval };
    this.lastSnapshotRevision = ledger.revision;
    const stateJson = snapshotOf(LEDGER_KIND, ledger.state);
    this.snapshotInterval = Math.max(this.options.snapshotEvery, Math.ceil(stateJson.length / SNAPSHOT_CHARS_PER_EVENT));
    const write = this.store
      .saveSnapshot({ streamId: ledger.streamId, revision: ledger.revision, schema: LEDGER_KIND.snapshot!.schema, stateJson })
      .catch((error: unknown) => {
        // Too large for the store: the next batch would fail the same way, after rendering the whole
        // state again. Wait for another interval, as if it had been taken (the ledger loads from the
        // last stored snapshot and replays more; see the README's known limits).
        if (error instanceof EventStoreLimitError) return;
        // Not saved: the next batch tries again, as if this one had not been taken.
        if (this.lastSnapshotRevision !== ledger.revision) return;
        this.lastSnapshotRevision = previous.revision;
        this.snapshotInterval = previous.interval;
      })
      .finally(() => {
        if (this.snapshotWrite === write) this.snapshotWrite = undefined;
      });
    this.snapshotWrite = write;
  }

}

/**
 * The store's promise, also from an adapter that throws instead of rejecting: the state was advanced
 * before the call, and only a rejected append makes settle drop it.
 */
function promised<T>(call: () => Promise<T>): Promise<T> {
  try {
    return call();
  } catch (error) {
    return Promise.reject(error);
  }
}

function toNewEvent(event: { type: string; data: object }, metadata: EventMetadata): NewEvent {
  return { id: newId(), type: event.type, data: event.data as JsonObject, metadata };
}

export type { Command, Decision };

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { collectParts, PartedAppend, validateAppendRequests, validateSnapshot, type ValidatedRequest } from '../append-rules';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
  SnapshotText,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { type EventStoreLimits, readAllLimit, resolveLimits } from '../limits';
import { ChangeNotifier, SubscriptionSet } from '../subscription/paged-subscription';
import { GroupCommitQueue, type Outcome } from './group-commit';
import { prepareDatabase } from './sqlite-schema';
import { type EventRow, prepareStatements, readChainHead, rowToEvent, snapshotFromRow, type Statements } from './sqlite-statements';
import type { ChainHead } from '../hash-chain';
import { SqliteBatchWriter } from './sqlite-writer';
import { fromWireOutcome, toWireError, type WireOutcome, type WireRequest } from './writer-protocol';
import { type SnapshotRow, WriterThread } from './writer-thread';

export interface SqliteEventStoreOptions {
  /** Database file (its folder is created), or ':memory:' for a private in-memory log. */
  filename: string;
  /** How often a live subscription polls for commits made by other processes. Default 200 ms. */
  pollIntervalMs?: number;
  /** How long to wait for another process's write lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Safety cap on the requests committed in one transaction. Default 1000. */
  maxBatchRequests?: number;
  /**
   * Where appends are committed: `'thread'` (default for files) on a writer thread that owns the
   * write connection, so the commit and its fsync never block the event loop; `'inline'` on the
   * calling thread (always for ':memory:', whose data only its own connection can see).
   */
  writer?: 'thread' | 'inline';
  /**
   * With the writer thread: once this many appends are waiting within one event-loop turn, they go
   * to the writer at once, in a transaction left open for the rest of the turn's appends (see
   * GroupCommitOptions.openBatchFrom). Default 16; Infinity hands every batch over whole.
   */
  openBatchFrom?: number;
  /**
   * With the writer thread: how long it waits for the next part of an appendInParts before failing
   * that append (default 5000 ms; the parts are produced in one synchronous loop).
   */
  partWaitMs?: number;
  limits?: Partial<EventStoreLimits>;
}

export function createSqliteEventStore(options: SqliteEventStoreOptions | string): SqliteEventStore {
  return new SqliteEventStore(typeof options === 'string' ? { filename: options } : options);
}

/** Commits batches of appends: on a writer thread, or inline on this thread. */
interface Writer {
  /**
   * `more`: an open batch, see GroupCommitOptions.openBatchFrom (only the writer thread takes them).
   * `parted`: the last request comes in parts, the rest by `sendPart` (only the writer thread).
   */
  commit(requests: WireRequest[], more: boolean, parted?: boolean): WireOutcome[] | Promise<WireOutcome[]>;
  saveSnapshot(snapshot: SnapshotRow): void | Promise<void>;
  close(): void | Promise<void>;
}

/**
 * The embedded adapter. Appends are validated and serialized on the calling thread, then group
 * committed (see group-commit.ts) by the writer: by default a worker thread owning the write
 * connection (sqlite-writer.worker.ts), so the commit and its fsync run while this thread keeps
 * accepting requests. Reads are served on this thread's own connection (WAL: they never wait for the
 * writer) and see every acknowledged append. The async signatures are the port's.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly limits: EventStoreLimits;
  private readonly writer: Writer;
  /** The writer thread, when appends are committed there (appendInParts streams to it). */
  private readonly thread: WriterThread | undefined;
  /** The first part of an append given in parts, while it is being handed over (see commitBatch). */
  private partedFirst: ValidatedRequest[] | undefined;
  private readonly queue: GroupCommitQueue<ValidatedRequest[], AppendResult>;
  private readonly notifier: ChangeNotifier;
  private readonly subscriptions = new SubscriptionSet();
  private readonly managerPageInSnapshot: (managerId: string, after: number, limit: number) => EventRow[];
  private closing = false;

  constructor(options: SqliteEventStoreOptions) {
    const inMemory = options.filename === ':memory:';
    if (!inMemory) mkdirSync(dirname(options.filename), { recursive: true });
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    const maxBatchRequests = options.maxBatchRequests ?? 1000;
    this.db = new Database(options.filename);
    prepareDatabase(this.db, busyTimeoutMs);
    this.statements = prepareStatements(this.db);
    this.managerPageInSnapshot = this.db.transaction((managerId: string, after: number, limit: number) =>
      this.managerPage(managerId, after, limit),
    );
    this.limits = resolveLimits(options.limits);
    this.notifier = new ChangeNotifier(options.pollIntervalMs ?? 200);
    const threaded = !inMemory && options.writer !== 'inline';
    this.thread = threaded ? new WriterThread({ filename: options.filename, busyTimeoutMs, maxBatchRequests, partWaitMs: options.partWaitMs }) : undefined;
    this.writer = this.thread ?? inlineWriter(this.db);
    this.queue = new GroupCommitQueue(
      (batch, more) => this.commitBatch(batch, more),
      maxBatchRequests,
      () => this.notifier.notify(),
      // Only the writer thread can insert the start of a burst while this thread prepares the rest.
      threaded ? { openBatchFrom: options.openBatchFrom ?? DEFAULT_OPEN_BATCH_FROM } : {},
    );
  }

  append(streamId: string, expectedRevision: ExpectedRevision, events: NewEvent[]): Promise<AppendResult> {
    return this.appendMulti([{ streamId, expectedRevision, events }]);
  }

  async appendMulti(requests: AppendRequest[]): Promise<AppendResult> {
    if (this.closing) throw new Error('event store is closed: append refused');
    // Validated before queueing: a malformed request fails alone and never enters a transaction.
    const validated = validateAppendRequests(requests, this.limits);
    return this.queue.enqueue(validated);
  }

  /**
   * With the writer thread, each part goes to it as soon as it is validated: the thread inserts it
   * (inside the transaction, under a savepoint of its own) while `nextPart` produces the next one,
   * and commits the whole once the end comes. Inline, the parts are taken first and appended at once.
   */
  async appendInParts(nextPart: () => AppendRequest[] | undefined): Promise<AppendResult> {
    if (this.closing) throw new Error('event store is closed: append refused');
    const thread = this.thread;
    if (thread === undefined) return this.queue.enqueue(collectParts(nextPart, this.limits));
    const parted = new PartedAppend(this.limits);
    // The first part with events opens the request (nothing is sent before: a producer that fails
    // or brings nothing at first costs the writer nothing).
    let first: ValidatedRequest[] = [];
    while (first.length === 0) {
      const part = nextPart();
      if (part === undefined) return this.queue.enqueue(parted.whole()); // throws: no events
      first = parted.add(part);
    }
    let result: Promise<AppendResult>;
    this.partedFirst = first;
    try {
      result = this.queue.enqueueNow(first);
    } finally {
      this.partedFirst = undefined;
    }
    try {
      for (let part = nextPart(); part !== undefined; part = nextPart()) {
        const request = parted.add(part);
        if (request.length > 0) thread.sendPart({ request });
      }
    } catch (error) {
      // Nothing of it is written: the writer rolls the request back; its answer is this error.
      thread.sendPart({ abort: toWireError(error) });
      result.catch(() => undefined);
      throw error;
    }
    thread.sendPart({ end: true });
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = options.fromRevision ?? 0;
    const max = options.maxCount ?? -1; // LIMIT -1: no limit
    return this.statements.streamEvents.all(streamId, from, max).map(rowToEvent);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    return (this.statements.streamRevision.get(streamId) as number | null) ?? undefined;
  }

  async chainHead(managerId: string): Promise<ChainHead | undefined> {
    this.assertOpen();
    return readChainHead(this.statements, managerId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readPage(options.after ?? 0, readAllLimit(options.limit, this.limits), options.managerId);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.statements.headPosition.get()?.head ?? 0;
  }

  subscribe(options: SubscribeOptions, handler: (events: RecordedEvent[]) => Promise<void>): Subscription {
    this.assertOpen();
    return this.subscriptions.start(
      {
        readPage: async (after, limit) => this.readPage(after, limit, options.managerId),
        maxPageSize: this.limits.maxReadAllLimit,
        changeToken: () => this.notifier.changeToken(),
        waitForChange: (token, signal) => this.notifier.waitForChange(token, signal),
      },
      options,
      handler,
    );
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    this.assertOpen();
    const row = this.statements.loadSnapshot.get(streamId);
    return row === undefined ? undefined : snapshotFromRow(row);
  }

  async saveSnapshot(snapshot: Snapshot | SnapshotText): Promise<void> {
    this.assertOpen();
    const stateJson = validateSnapshot(snapshot, this.limits);
    await this.writer.saveSnapshot([snapshot.streamId, snapshot.revision, snapshot.schema, stateJson]);
  }

  /** Commits what is queued, stops the subscriptions, then closes the database. Idempotent. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.queue.flushAll();
    await this.subscriptions.stopAll();
    await this.writer.close();
    this.db.close();
  }

  private readPage(after: number, limit: number, managerId: string | undefined): RecordedEvent[] {
    const rows = managerId === undefined ? this.statements.allEvents.all(after, limit) : this.readManagerPage(managerId, after, limit);
    return rows.map(rowToEvent);
  }

  /** The Manager index up to its mark, then the log after the mark, in one read snapshot. */
  private readManagerPage(managerId: string, after: number, limit: number): EventRow[] {
    return this.managerPageInSnapshot(managerId, after, limit);
  }

  private managerPage(managerId: string, after: number, limit: number): EventRow[] {
    const mark = this.statements.managerIndexMark.get() ?? 0;
    const rows = after < mark ? this.statements.managerEventsIndexed.all(managerId, after, limit) : [];
    if (rows.length < limit) rows.push(...this.statements.managerEventsAfterMark.all(Math.max(after, mark), managerId, limit - rows.length));
    return rows;
  }

  /** The events of an acknowledged append, from the log (committed: this connection sees them). */
  private readonly readWritten = (firstPosition: number, count: number): RecordedEvent[] => {
    if (this.db.open === false) throw new Error('event store is closed: read the events of an append before closing it');
    return this.statements.allEvents.all(firstPosition - 1, count).map(rowToEvent);
  };

  /** One transaction for the whole batch; each request succeeds or fails alone (see SqliteBatchWriter). */
  private commitBatch(batch: ValidatedRequest[][], more: boolean): Array<Outcome<AppendResult>> | Promise<Array<Outcome<AppendResult>>> {
    const answer = (outcomes: WireOutcome[]): Array<Outcome<AppendResult>> =>
      batch.map((_, index): Outcome<AppendResult> => {
        try {
          return { ok: true, value: fromWireOutcome(outcomes[index], this.readWritten) };
        } catch (error) {
          return { ok: false, error };
        }
      });
    const parted = this.partedFirst !== undefined && batch[batch.length - 1] === this.partedFirst;
    const outcomes = this.writer.commit(batch, more, parted);
    return outcomes instanceof Promise ? outcomes.then(answer) : answer(outcomes);
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('event store is closed');
  }
}

/**
 * Appends of one event-loop turn handed to the writer thread ahead of the turn's end (see
 * GroupCommitOptions.openBatchFrom; measured in the event store README).
 */
const DEFAULT_OPEN_BATCH_FROM = 16;

function inlineWriter(db: Database.Database): Writer {
  const writer = new SqliteBatchWriter(db);
  return {
    commit: (requests) => writer.commitBatch(requests),
    saveSnapshot: (snapshot) => writer.saveSnapshot(...snapshot),
    close: () => writer.catchUpManagerIndex(),
  };
}

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { validateAppendRequests, validateSnapshot, type ValidatedRequest } from '../append-rules';
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
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { type EventStoreLimits, readAllLimit, resolveLimits } from '../limits';
import { ChangeNotifier, startPagedSubscription } from '../subscription/paged-subscription';
import { GroupCommitQueue, type Outcome } from './group-commit';
import { appendInTransaction } from './sqlite-append';
import { prepareDatabase } from './sqlite-schema';
import { prepareStatements, rowToEvent, snapshotFromRow, type Statements } from './sqlite-statements';

export interface SqliteEventStoreOptions {
  /** Database file (its folder is created), or ':memory:' for a private in-memory log. */
  filename: string;
  /** How often a live subscription polls for commits made by other processes. Default 200 ms. */
  pollIntervalMs?: number;
  /** How long to wait for another process's write lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Safety cap on the requests committed in one transaction. Default 1000. */
  maxBatchRequests?: number;
  limits?: Partial<EventStoreLimits>;
}

export function createSqliteEventStore(options: SqliteEventStoreOptions | string): SqliteEventStore {
  return new SqliteEventStore(typeof options === 'string' ? { filename: options } : options);
}

/**
 * The embedded adapter: one better-sqlite3 connection, appends group-committed (see group-commit.ts),
 * reads served directly. All SQLite calls are synchronous; the async signatures are the port's.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly limits: EventStoreLimits;
  private readonly queue: GroupCommitQueue<ValidatedRequest[], AppendResult>;
  private readonly notifier: ChangeNotifier;
  private readonly subscriptions = new Set<Subscription>();
  private closing = false;

  constructor(options: SqliteEventStoreOptions) {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    this.db = new Database(options.filename);
    prepareDatabase(this.db, options.busyTimeoutMs ?? 5000);
    this.statements = prepareStatements(this.db);
    this.limits = resolveLimits(options.limits);
    this.notifier = new ChangeNotifier(options.pollIntervalMs ?? 200);
    this.queue = new GroupCommitQueue(
      this.createBatchCommitter(),
      options.maxBatchRequests ?? 1000,
      () => this.notifier.notify(),
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

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = options.fromRevision ?? 0;
    const max = options.maxCount ?? -1; // LIMIT -1: no limit
    return this.statements.streamEvents.all(streamId, from, max).map(rowToEvent);
  }

  async streamRevision(streamId: string): Promise<number | undefined> {
    this.assertOpen();
    return this.statements.streamRevision.get(streamId)?.revision;
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
    const subscription = startPagedSubscription(
      {
        readPage: async (after, limit) => this.readPage(after, Math.min(limit, this.limits.maxReadAllLimit), options.managerId),
        changeToken: () => this.notifier.changeToken(),
        waitForChange: (token, signal) => this.notifier.waitForChange(token, signal),
      },
      options,
      handler,
    );
    this.subscriptions.add(subscription);
    const forget = (): void => void this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | undefined> {
    this.assertOpen();
    const row = this.statements.loadSnapshot.get(streamId);
    return row === undefined ? undefined : snapshotFromRow(row);
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.assertOpen();
    const stateJson = validateSnapshot(snapshot, this.limits);
    this.statements.saveSnapshot.run(snapshot.streamId, snapshot.revision, snapshot.schema, stateJson);
  }

  /** Commits what is queued, stops the subscriptions, then closes the database. Idempotent. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.queue.flushAll();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  private readPage(after: number, limit: number, managerId: string | undefined): RecordedEvent[] {
    const rows =
      managerId === undefined
        ? this.statements.allEvents.all(after, limit)
        : this.statements.managerEvents.all(managerId, after, limit);
    return rows.map(rowToEvent);
  }

  /** One transaction for the whole batch, one savepoint per request (see appendInTransaction). */
  private createBatchCommitter(): (batch: ValidatedRequest[][]) => Array<Outcome<AppendResult>> {
    // A transaction function called inside another one runs as a SAVEPOINT: if it throws, only its
    // own writes are rolled back, so one request's conflict does not fail the others.
    const appendOne = this.db.transaction((requests: ValidatedRequest[]) => appendInTransaction(this.statements, requests));
    const appendAll = this.db.transaction((batch: ValidatedRequest[][]) =>
      batch.map((requests): Outcome<AppendResult> => {
        try {
          return { ok: true, value: appendOne(requests) };
        } catch (error) {
          // SQLite rolls the whole transaction back on some errors (disk full, I/O): then nothing of
          // this batch can commit, so fail the batch rather than report successes that are gone.
          if (!this.db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
    // IMMEDIATE takes the write lock up front, so another process makes us wait (busy_timeout)
    // instead of failing with SQLITE_BUSY when a read lock would be upgraded.
    return (batch) => appendAll.immediate(batch);
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('event store is closed');
  }
}

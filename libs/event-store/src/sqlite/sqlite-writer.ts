import type Database from 'better-sqlite3';
import { expectationHolds, mergeParts, reappendResult } from '../append-rules';
import { ConcurrencyError } from '../event-store.port';
import { type ChainHead, computeEventHashOfCanonical, EMPTY_CHAIN_HEAD } from '../hash-chain';
import { MANAGER_INDEX_LAG } from './sqlite-schema';
import { prepareStatements, rowToEvent, type Statements } from './sqlite-statements';
import { fromWireError, toWireError, type WireError, type WireOutcome, type WireRequest, type WireStreamAppend } from './writer-protocol';

/**
 * The rest of a request given in parts (EventStore.appendInParts), as the writer thread receives it:
 * the next part, the end, the caller's abort, or nothing in time.
 */
export type NextPart =
  | { kind: 'part'; request: WireRequest }
  | { kind: 'end' }
  | { kind: 'abort'; error: WireError }
  | { kind: 'timeout'; waitedMs: number };

/** Where the rest of a request given in parts comes from; undefined for a request given whole. */
export type PartsOf = (request: WireRequest) => (() => NextPart) | undefined;

/** Streams and chain heads remembered between batches; past this many, the oldest are forgotten. */
const DEFAULT_CACHE_ENTRIES = 200_000;

/**
 * The single writer of one SQLite file in this process: commits batches of append requests, one
 * transaction (one fsync) per batch. Runs in the store's writer thread (or on the main thread for
 * ':memory:').
 *
 * Per append it runs one INSERT: stream revisions and chain heads are kept in memory (a cold cache
 * reads a stream's revision from the UNIQUE (stream_id, revision) index, a chain head from
 * `chains`), each Manager's `chains` row is upserted once per batch (the truncation guard audit
 * relies on: see EventStore.chainHead), and idempotent re-appends are detected by the UNIQUE index on
 * event ids (looked up only when an insert or an expectation fails).
 *
 * There is no per-stream table to upsert: one row per stream touched cost a random page write per
 * append (measured: a 64-append commit took 4.0 ms with it, 2.9 ms without, same run).
 *
 * The caches are only trusted while this connection is the only writer: each batch starts with
 * `BEGIN IMMEDIATE` (the write lock) and then reads `PRAGMA data_version`, which changes when any
 * other connection committed; then both caches are dropped and refilled from the tables. The UNIQUE
 * (stream_id, revision) index stays the last line of defence.
 */
export class SqliteBatchWriter {
  private readonly statements: Statements;
  private readonly control: {
    begin: Database.Statement;
    commit: Database.Statement;
    rollback: Database.Statement;
    savepoint: Database.Statement;
    release: Database.Statement;
    rollbackTo: Database.Statement;
    partedSavepoint: Database.Statement;
    partedRelease: Database.Statement;
    partedRollbackTo: Database.Statement;
    dataVersion: Database.Statement<[], number>;
  };
  private readonly revisions = new Map<string, number>(); // -1: no stream
  private readonly heads = new Map<string, ChainHead>();
  private dataVersion: number | undefined;
  /** Events this writer appended since it last caught the Manager index up. */
  private unindexed = 0;
  // Chain heads to upsert at the end of the current batch.
  private readonly dirtyChains = new Set<string>();

  constructor(
    private readonly db: Database.Database,
    private readonly maxCacheEntries = DEFAULT_CACHE_ENTRIES,
  ) {
    this.statements = prepareStatements(db);
    this.control = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append_request'),
      release: db.prepare('RELEASE append_request'),
      rollbackTo: db.prepare('ROLLBACK TO append_request'),
      partedSavepoint: db.prepare('SAVEPOINT parted_request'),
      partedRelease: db.prepare('RELEASE parted_request'),
      partedRollbackTo: db.prepare('ROLLBACK TO parted_request'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
  }

  /**
   * Commits the requests in one transaction and returns one outcome per request, in order. A request
   * that fails (expectation, id conflict) fails alone; throwing means nothing was committed. `more`,
   * if given, is asked for further requests after these are inserted and before the commit, until it
   * returns undefined: they join the same transaction and their outcomes follow, in order.
   * `partsOf` says which requests come in parts, and gives the rest of each (see applyParted).
   */
  commitBatch(requests: readonly WireRequest[], more?: () => readonly WireRequest[] | undefined, partsOf?: PartsOf): WireOutcome[] {
    this.control.begin.run();
    try {
      const version = this.control.dataVersion.get() as number;
      if (version !== this.dataVersion) {
        // Another connection committed since our last batch (or this is the first): re-read.
        this.forget();
        this.dataVersion = version;
      }
      if (this.unindexed >= MANAGER_INDEX_LAG) this.catchUpManagerIndex();
      const outcomes = requests.map((request) => this.applyRequest(request, partsOf));
      // Requests that arrive while this transaction is open join it (see the writer thread's open batches).
      for (let next = more?.(); next !== undefined; next = more?.()) for (const request of next) outcomes.push(this.applyRequest(request, partsOf));
      for (const managerId of this.dirtyChains) {
        const head = this.heads.get(managerId) as ChainHead;
        this.statements.upsertChain.run(managerId, head.seq, head.hash);
      }
      this.control.commit.run();
      this.dirtyChains.clear();
      this.trimCaches();
      return outcomes;
    } catch (error) {
      // The caches hold what this transaction wrote: they are wrong once it is rolled back.
      this.forget();
      if (this.db.inTransaction) this.control.rollback.run();
      throw error;
    }
  }

  /** Brings the Manager index up to the log's end (in the caller's transaction, or its own). */
  catchUpManagerIndex(): void {
    const run = (): void => {
      this.statements.catchUpManagerIndex.run();
      this.statements.advanceManagerIndexMark.run();
    };
    if (this.db.inTransaction) run();
    else this.db.transaction(run).immediate();
    this.unindexed = 0;
  }

  saveSnapshot(streamId: string, revision: number, schema: string, stateJson: string): void {
    this.statements.saveSnapshot.run(streamId, revision, schema, stateJson);
  }

  private applyRequest(request: WireRequest, partsOf?: PartsOf): WireOutcome {
    const rest = partsOf?.(request);
    if (rest !== undefined) return this.applyParted(request, rest);
    try {
      return this.tryApply(request);
    } catch (error) {
      // SQLite rolls the whole transaction back on some errors (disk full, I/O): then nothing of
      // this batch can commit, so fail the batch rather than report successes that are gone.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error: toWireError(error) };
    }
  }

  private tryApply(request: WireRequest): WireOutcome {
    const current = request.map((stream) => this.revision(stream.streamId));
    const failed = request.findIndex((stream, index) => !expectationHolds(stream.expectedRevision, current[index]));
    if (failed >= 0) {
      // A retry of a committed append must not look like a conflict: look its ids up first.
      const stream = request[failed];
      return this.reappended(request) ?? this.fail(new ConcurrencyError(stream.streamId, stream.expectedRevision, current[failed]));
    }

    const heads = new Map<string, ChainHead>();
    const run = { firstPosition: 0, count: 0 };
    const streams: Array<{ streamId: string; nextExpectedRevision: number }> = [];
    const several = request.length > 1 || request[0].events.length > 1;
    // One INSERT is atomic by itself; several need a savepoint so a failure undoes only this request.
    if (several) this.control.savepoint.run();
    try {
      request.forEach((stream, index) => {
        const revision = this.insertStream(stream, current[index] ?? -1, heads, run);
        streams.push({ streamId: stream.streamId, nextExpectedRevision: revision });
      });
      if (several) this.control.release.run();
    } catch (error) {
      if (several && this.db.inTransaction) {
        this.control.rollbackTo.run();
        this.control.release.run();
      }
      if (!this.db.inTransaction || !isUniqueViolation(error)) throw error;
      // Some id is stored already (a retry, or an id used elsewhere), or the (stream, revision)
      // index refused a revision: answer the retry, or refuse the request alone.
      return this.reappended(request) ?? this.fail(error);
    }

    // Written: now (and only now) the request's revisions and chain heads become the cached ones.
    this.remember(streams, heads, run.count);
    return { ok: 'written', firstPosition: run.firstPosition, count: run.count, streams };
  }

  /**
   * Inserts one stream's events after `revision`, chained after `heads` (updated), at the positions
   * that follow `run` (updated); returns the stream's new revision. One request's events get
   * consecutive positions (one connection, one insert after the other), so its answer needs only the
   * first: the caller reads the rest from the log.
   */
  private insertStream(stream: WireStreamAppend, revision: number, heads: Map<string, ChainHead>, run: { firstPosition: number; count: number }): number {
    const managerId = stream.managerId;
    for (const event of stream.events) {
      revision += 1;
      const head = heads.get(managerId) ?? this.head(managerId);
      const chainSeq = head.seq + 1;
      const hash = computeEventHashOfCanonical(head.hash, {
        chainSeq,
        streamId: stream.streamId,
        revision,
        id: event.id,
        type: event.type,
        canonicalData: event.canonicalData,
        canonicalMetadata: event.metadataJson,
      });
      // metadataJson is a non-empty object: append the chain fields as JSON.stringify would.
      const metadata = `${event.metadataJson.slice(0, -1)},"chainSeq":${chainSeq},"prevHash":"${head.hash}","hash":"${hash}"}`;
      const info = this.statements.insertEvent.run(event.id, stream.streamId, revision, event.type, event.dataJson, metadata, managerId);
      const position = Number(info.lastInsertRowid);
      if (run.count === 0) run.firstPosition = position;
      else if (position !== run.firstPosition + run.count) throw new Error(`sqlite writer: position ${position} does not follow ${run.firstPosition + run.count - 1}`);
      run.count += 1;
      heads.set(managerId, { seq: chainSeq, hash });
    }
    return revision;
  }

  /** A written request's revisions and chain heads become the cached ones. */
  private remember(streams: ReadonlyArray<{ streamId: string; nextExpectedRevision: number }>, heads: ReadonlyMap<string, ChainHead>, count: number): void {
    for (const stream of streams) this.revisions.set(stream.streamId, stream.nextExpectedRevision);
    this.unindexed += count;
    for (const [managerId, head] of heads) {
      this.heads.set(managerId, head);
      this.dirtyChains.add(managerId);
    }
  }

  /**
   * A request given in parts (EventStore.appendInParts): `first` now, the rest from `next` (blocking
   * until each part arrives). All of it is written or none, under one savepoint: the first part of
   * each stream is checked against its revision, a later part continues it (the store checked that
   * its expectation agrees). Once a part fails, the rest is received but not inserted; at the end a
   * retry of a committed request (every id stored) gets the originals, anything else its error. An
   * abort from the caller, or a part that does not come in time, fails the request alone.
   */
  private applyParted(first: WireRequest, next: () => NextPart): WireOutcome {
    const heads = new Map<string, ChainHead>();
    const revisions = new Map<string, number>();
    const parts: WireRequest[] = [];
    const run = { firstPosition: 0, count: 0 };
    let failure: { error: unknown } | undefined;
    this.control.partedSavepoint.run();
    let part: WireRequest | undefined = first;
    for (;;) {
      parts.push(part);
      if (failure === undefined) {
        try {
          for (const stream of part) {
            let revision = revisions.get(stream.streamId);
            if (revision === undefined) {
              const current = this.revision(stream.streamId);
              if (!expectationHolds(stream.expectedRevision, current)) throw new ConcurrencyError(stream.streamId, stream.expectedRevision, current);
              revision = current ?? -1;
            }
            revisions.set(stream.streamId, this.insertStream(stream, revision, heads, run));
          }
        } catch (error) {
          failure = { error };
          this.undoParted();
          // SQLite rolled the whole transaction back (disk full, I/O): fail the batch (see applyRequest).
          if (!this.db.inTransaction) throw error;
        }
      }
      const step = next();
      if (step.kind === 'part') {
        part = step.request;
        continue;
      }
      if (step.kind !== 'end') {
        if (failure === undefined) this.undoParted();
        const error =
          step.kind === 'abort'
            ? fromWireError(step.error)
            : new Error(`sqlite writer: the next part of an append did not arrive within ${step.waitedMs} ms; nothing of it was written`);
        return { ok: false, error: toWireError(error) };
      }
      break;
    }
    if (failure !== undefined) {
      const { error } = failure;
      const retriable = error instanceof ConcurrencyError || isUniqueViolation(error);
      try {
        const reappended = retriable ? this.reappended(mergeParts(parts)) : undefined;
        return reappended ?? { ok: false, error: toWireError(error) };
      } catch (conflict) {
        return { ok: false, error: toWireError(conflict) };
      }
    }
    this.control.partedRelease.run();
    const streams = [...revisions].map(([streamId, nextExpectedRevision]) => ({ streamId, nextExpectedRevision }));
    this.remember(streams, heads, run.count);
    return { ok: 'written', firstPosition: run.firstPosition, count: run.count, streams };
  }

  private undoParted(): void {
    if (!this.db.inTransaction) return;
    this.control.partedRollbackTo.run();
    this.control.partedRelease.run();
  }

  /** The original result when every id of the request is stored; throws when only some are. */
  private reappended(request: ReadonlyArray<{ streamId: string; events: ReadonlyArray<{ id: string }> }>): WireOutcome | undefined {
    const ids = request.flatMap((stream) => stream.events.map((event) => event.id));
    const stored = this.statements.eventsByIds.all(JSON.stringify(ids)).map(rowToEvent);
    const result = reappendResult(request, stored);
    return result === undefined ? undefined : { ok: 'reappended', result };
  }

  private fail(error: unknown): never {
    throw error;
  }

  private revision(streamId: string): number | undefined {
    let revision = this.revisions.get(streamId);
    if (revision === undefined) {
      revision = (this.statements.streamRevision.get(streamId) as number | null) ?? -1;
      this.revisions.set(streamId, revision);
    }
    return revision < 0 ? undefined : revision;
  }

  private head(managerId: string): ChainHead {
    let head = this.heads.get(managerId);
    if (head === undefined) {
      const row = this.statements.chainHead.get(managerId);
      head = row === undefined ? EMPTY_CHAIN_HEAD : { seq: row.seq, hash: row.last_hash };
      this.heads.set(managerId, head);
    }
    return head;
  }

  private forget(): void {
    this.revisions.clear();
    this.heads.clear();
    this.dirtyChains.clear();
  }

  /** Bounded memory: forget the oldest entries (they are re-read from the tables when needed). */
  private trimCaches(): void {
    for (const cache of [this.revisions, this.heads] as Array<Map<string, unknown>>) {
      if (cache.size <= this.maxCacheEntries) continue;
      let excess = cache.size - Math.floor(this.maxCacheEntries * 0.9);
      for (const key of cache.keys()) {
        if (excess-- <= 0) break;
        cache.delete(key);
      }
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

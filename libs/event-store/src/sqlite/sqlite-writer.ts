import type Database from 'better-sqlite3';
import { expectationHolds, reappendResult } from '../append-rules';
import { ConcurrencyError } from '../event-store.port';
import { type ChainHead, computeEventHashOfCanonical, EMPTY_CHAIN_HEAD } from '../hash-chain';
import { MANAGER_INDEX_LAG } from './sqlite-schema';
import { prepareStatements, rowToEvent, type Statements } from './sqlite-statements';
import { toWireError, type WireOutcome, type WireRequest } from './writer-protocol';

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
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
  }

  /**
   * Commits the requests in one transaction and returns one outcome per request, in order. A request
   * that fails (expectation, id conflict) fails alone; throwing means nothing was committed. `more`,
   * if given, is asked for further requests after these are inserted and before the commit, until it
   * returns undefined: they join the same transaction and their outcomes follow, in order.
   */
  commitBatch(requests: readonly WireRequest[], more?: () => readonly WireRequest[] | undefined): WireOutcome[] {
    this.control.begin.run();
    try {
      const version = this.control.dataVersion.get() as number;
      if (version !== this.dataVersion) {
        // Another connection committed since our last batch (or this is the first): re-read.
        this.forget();
        this.dataVersion = version;
      }
      if (this.unindexed >= MANAGER_INDEX_LAG) this.catchUpManagerIndex();
      const outcomes = requests.map((request) => this.applyRequest(request));
      // Requests that arrive while this transaction is open join it (see the writer thread's open batches).
      for (let next = more?.(); next !== undefined; next = more?.()) for (const request of next) outcomes.push(this.applyRequest(request));
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

  private applyRequest(request: WireRequest): WireOutcome {
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
    let firstPosition = 0;
    let count = 0;
    const streams: Array<{ streamId: string; nextExpectedRevision: number }> = [];
    const several = request.length > 1 || request[0].events.length > 1;
    // One INSERT is atomic by itself; several need a savepoint so a failure undoes only this request.
    if (several) this.control.savepoint.run();
    try {
      request.forEach((stream, index) => {
        let revision = current[index] ?? -1;
        for (const event of stream.events) {
          revision += 1;
          const managerId = stream.managerId;
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
          // One request's events get consecutive positions (one connection, one insert after the
          // other), so its answer needs only the first: the caller reads the rest from the log.
          if (count === 0) firstPosition = position;
          else if (position !== firstPosition + count) throw new Error(`sqlite writer: position ${position} does not follow ${firstPosition + count - 1}`);
          count += 1;
          heads.set(managerId, { seq: chainSeq, hash });
        }
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
    request.forEach((stream, index) => {
      this.revisions.set(stream.streamId, streams[index].nextExpectedRevision);
    });
    this.unindexed += count;
    for (const [managerId, head] of heads) {
      this.heads.set(managerId, head);
      this.dirtyChains.add(managerId);
    }
    return { ok: 'written', firstPosition, count, streams };
  }

  /** The original result when every id of the request is stored; throws when only some are. */
  private reappended(request: WireRequest): WireOutcome | undefined {
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

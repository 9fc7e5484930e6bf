import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEvent, newEvents, readManagerLog, uniqueName } from '../contract/contract-fixtures';
import { ConcurrencyError, type ExpectedRevision, type RecordedEvent } from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { createSqliteEventStore, type SqliteEventStore } from './sqlite-event-store';
import { MANAGER_INDEX_LAG, prepareDatabase } from './sqlite-schema';
import { prepareStatements, rowToEvent } from './sqlite-statements';
import { type NextPart, SqliteBatchWriter } from './sqlite-writer';
import { fromWireError, type WireOutcome, type WireRequest } from './writer-protocol';
import { validateAppendRequests } from '../append-rules';
import { resolveLimits } from '../limits';
import { WriterThread } from './writer-thread';

function tempFile(): { filename: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-writer-'));
  return { filename: join(dir, 'events.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One single-event request per stream, validated as the store would, in the writer's wire shape. */
function wireRequests(streamIds: string[]) {
  return streamIds.map((streamId) => validateAppendRequests([{ streamId, expectedRevision: 'no-stream', events: [newEvent('m1')] }], resolveLimits())[0]).map((request) => [request]);
}

function writerOf(store: SqliteEventStore): WriterThread {
  return (store as unknown as { writer: WriterThread }).writer;
}

describe('SqliteEventStore writer thread', () => {
  let file: ReturnType<typeof tempFile>;
  const opened: SqliteEventStore[] = [];
  const open = (): SqliteEventStore => {
    const store = createSqliteEventStore({ filename: file.filename, pollIntervalMs: 50 });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    file = tempFile();
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close().catch(() => undefined);
    file.remove();
  });

  it('should reject the pending appends when the writer thread dies, then start a new one', async () => {
    const store = open();
    await store.append('ledger-1', 'no-stream', [newEvent('m1')]);
    const thread = writerOf(store).thread;
    if (thread === undefined) throw new Error('the writer thread should be running');
    // A message the writer does not understand kills it; the appends posted after it wait behind it.
    thread.postMessage({ type: 'no-such-message', seq: -1 });
    const pending = [store.append('ledger-1', 0, [newEvent('m1')]), store.append('ledger-2', 'no-stream', [newEvent('m1')])];
    const outcomes = await Promise.allSettled(pending);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/writer thread stopped/);

    // The next append starts a fresh writer, whose caches are read from the file.
    const next = await store.append('ledger-1', 0, [newEvent('m1')]);
    expect(next.events[0]).toMatchObject({ revision: 1, metadata: { chainSeq: 2 } });
    expect(verifyChain(await store.readAll({ managerId: 'm1' })).ok).toBe(true);
  });

  it('should reject a large pending append when the writer thread dies, and keep none of it', async () => {
    const store = open();
    await store.append('ledger-1', 'no-stream', [newEvent('m1')]);
    const thread = writerOf(store).thread;
    if (thread === undefined) throw new Error('the writer thread should be running');
    const large = store.append('ledger-1', 0, newEvents('m1', 1000));
    void thread.terminate();
    await expect(large).rejects.toThrow(/writer thread stopped/);
    const next = await store.append('ledger-1', 0, [newEvent('m1')]);
    expect(next.events[0]).toMatchObject({ revision: 1, metadata: { chainSeq: 2 } });
    expect(verifyChain(await store.readAll({ managerId: 'm1' })).ok).toBe(true);
  });

  it('should keep an open batch\'s transaction open for the next batch and commit both together', async () => {
    const writer = new WriterThread({ filename: file.filename, busyTimeoutMs: 1000, maxBatchRequests: 1000, openBatchWaitMs: 5_000 });
    try {
      await writer.commit(wireRequests(['member-0']), false); // the thread is up
      let firstAnswered = false;
      const first = writer.commit(wireRequests(['member-1', 'member-2']), true).then((outcomes) => {
        firstAnswered = true;
        return outcomes;
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(firstAnswered).toBe(false); // inserted, and waiting for the rest of its transaction
      const second = writer.commit(wireRequests(['member-3']), false);
      const [a, b] = await Promise.all([first, second]);
      expect([...a, ...b].map((outcome) => outcome.ok === 'written' && outcome.firstPosition)).toEqual([2, 3, 4]);
    } finally {
      await writer.close();
    }
  });

  it('should fail a request of an open batch alone, and commit the others of its transaction', async () => {
    const writer = new WriterThread({ filename: file.filename, busyTimeoutMs: 1000, maxBatchRequests: 1000, openBatchWaitMs: 5_000 });
    try {
      await writer.commit(wireRequests(['member-0']), false);
      const first = writer.commit(wireRequests(['member-1']), true);
      // member-0 exists already: 'no-stream' fails, inside the transaction the open batch started.
      const second = writer.commit([...wireRequests(['member-0']), ...wireRequests(['member-2'])], false);
      const [[a], [conflict, b]] = await Promise.all([first, second]);
      expect(a).toMatchObject({ ok: 'written', firstPosition: 2 });
      expect(conflict).toMatchObject({ ok: false, error: { kind: 'concurrency', streamId: 'member-0' } });
      expect(b).toMatchObject({ ok: 'written', firstPosition: 3 });
    } finally {
      await writer.close();
    }
  });

  it('should commit an open batch that is never closed after the wait, and go on', async () => {
    const writer = new WriterThread({ filename: file.filename, busyTimeoutMs: 1000, maxBatchRequests: 1000, openBatchWaitMs: 50 });
    try {
      const [outcome] = await writer.commit(wireRequests(['member-1']), true);
      expect(outcome).toMatchObject({ ok: 'written', firstPosition: 1 });
      const [next] = await writer.commit(wireRequests(['member-2']), false);
      expect(next).toMatchObject({ ok: 'written', firstPosition: 2 });
    } finally {
      await writer.close();
    }
  });

  it('should commit every queued append before close resolves, and answer each after its commit', async () => {
    const store = open();
    const pending = Array.from({ length: 50 }, (_, index) => store.append(`member-${index}`, 'no-stream', newEvents('m1', 2)));
    await store.close();
    const results = await Promise.all(pending);
    expect(results).toHaveLength(50);
    const reader = new Database(file.filename, { readonly: true });
    try {
      expect(reader.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 100 });
    } finally {
      reader.close();
    }
  });

  it('should keep positions in the order the appends were made (FIFO across batches)', async () => {
    const store = open();
    const results: number[] = [];
    const appends: Array<Promise<void>> = [];
    for (let round = 0; round < 5; round += 1) {
      for (let index = 0; index < 20; index += 1) {
        appends.push(store.append(uniqueName('member'), 'no-stream', [newEvent('m1')]).then((result) => void results.push(result.lastPosition)));
      }
      await new Promise((resolve) => setImmediate(resolve)); // the next appends go into the next batch
    }
    await Promise.all(appends);
    expect(results).toEqual([...results].sort((a, b) => a - b));
  });

  it('should notice appends of another store on the same file (cached revisions and chain heads)', async () => {
    const first = open();
    const second = open();
    await first.append('ledger-1', 'no-stream', [newEvent('m1')]);
    await second.append('ledger-1', 0, [newEvent('m1')]); // first's cached revision (0) is stale now
    await expect(first.append('ledger-1', 0, [newEvent('m1')])).rejects.toBeInstanceOf(ConcurrencyError);
    await second.append('member-1', 'no-stream', [newEvent('m1')]); // advances m1's chain behind first's back
    const third = await first.append('ledger-1', 1, [newEvent('m1')]);
    expect(third.events[0]).toMatchObject({ revision: 2, metadata: { chainSeq: 4 } });
    const log = await readManagerLog(first, 'm1');
    expect(log.map((event) => event.metadata.chainSeq)).toEqual([1, 2, 3, 4]);
    expect(verifyChain(log).ok).toBe(true);
  });

  it('should keep the keys of data in the order the caller gave them (the hash uses canonical JSON)', async () => {
    const store = open();
    const event = newEvent('m1', 'CreditAllocated', { zeta: 1, alpha: { y: 2, b: 3 } });
    const [written] = (await store.append('ledger-1', 'no-stream', [event])).events;
    const [read] = await store.readStream('ledger-1');
    expect(JSON.stringify(read.data)).toBe('{"zeta":1,"alpha":{"y":2,"b":3}}');
    expect(JSON.stringify(written.data)).toBe(JSON.stringify(read.data));
    expect(verifyChain([read]).ok).toBe(true);
  });

  it('should answer a re-append from the unique id index, also within one batch', async () => {
    const store = open();
    const events = newEvents('m1', 2);
    const [first, again] = await Promise.all([store.append('ledger-1', 'no-stream', events), store.append('ledger-1', 'no-stream', events)]);
    expect(again).toEqual(first);
    const single = newEvent('m1');
    const written = await store.append('ledger-2', 'any', [single]);
    expect(await store.append('ledger-2', 'any', [single])).toEqual(written);
    expect(await store.readStream('ledger-1')).toHaveLength(2);
  });
});

describe('SqliteEventStore index by Manager (kept in arrears)', () => {
  it('should read a Manager\'s events across the index mark, before and after a catch-up', async () => {
    const store = createSqliteEventStore(':memory:');
    try {
      const managers = ['m1', 'm2', 'm3'];
      const expected = new Map<string, string[]>(managers.map((managerId) => [managerId, []]));
      const total = MANAGER_INDEX_LAG + 300;
      for (let index = 0; index < total; index += 100) {
        const batch = Array.from({ length: 100 }, (_, offset) => {
          const managerId = managers[(index + offset) % 3];
          const event = newEvent(managerId);
          expected.get(managerId)?.push(event.id);
          return store.append(uniqueName('member'), 'no-stream', [event]);
        });
        await Promise.all(batch);
      }
      for (const managerId of managers) {
        const log = await readManagerLog(store, managerId);
        expect(log.map((event) => event.id)).toEqual(expected.get(managerId));
        expect(verifyChain(log).ok).toBe(true);
        // Pages that start before the mark and end after it.
        const page = await store.readAll({ managerId, after: log[340].position, limit: 100 });
        expect(page.map((event) => event.id)).toEqual(log.slice(341, 441).map((event) => event.id));
      }
    } finally {
      await store.close();
    }
  });

  it('should index a log written with the former events_by_manager index when opened', async () => {
    const file = tempFile();
    try {
      const store = createSqliteEventStore({ filename: file.filename, writer: 'inline' });
      await store.append('ledger-1', 'no-stream', newEvents('m1', 3));
      await store.append('ledger-2', 'no-stream', newEvents('m2', 2));
      await store.close();
      // Turn the file back into the former layout.
      const raw = new Database(file.filename);
      raw.exec('DROP TABLE manager_positions; DROP TABLE store_meta; CREATE INDEX events_by_manager ON events (manager_id, position)');
      raw.close();

      const reopened = createSqliteEventStore(file.filename);
      try {
        expect((await reopened.readAll({ managerId: 'm1' })).map((event) => event.revision)).toEqual([0, 1, 2]);
        expect(await reopened.readAll({ managerId: 'm2' })).toHaveLength(2);
      } finally {
        await reopened.close();
      }
      const check = new Database(file.filename, { readonly: true });
      const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'events_by_manager'").all();
      check.close();
      expect(indexes).toEqual([]);
    } finally {
      file.remove();
    }
  });
});

describe('SqliteBatchWriter: a request given in parts, within a batch', () => {
  let file: ReturnType<typeof tempFile>;
  let db: Database.Database;
  let writer: SqliteBatchWriter;
  const limits = resolveLimits();
  const wire = (streamId: string, expectedRevision: ExpectedRevision, count: number): WireRequest =>
    validateAppendRequests([{ streamId, expectedRevision, events: newEvents('m1', count) }], limits);
  /** The rest of a parted request: these steps, in order. */
  const rest = (steps: NextPart[]) => () => steps.shift() ?? ({ kind: 'end' } as const);
  const log = (): RecordedEvent[] => prepareStatements(db).allEvents.all(0, 1000).map(rowToEvent);

  beforeEach(() => {
    file = tempFile();
    db = new Database(file.filename);
    prepareDatabase(db, 5000);
    writer = new SqliteBatchWriter(db);
  });
  afterEach(() => {
    db.close();
    file.remove();
  });

  it('should write every part after the first under one request, between the requests around it', () => {
    const [before, parted, after] = [wire('a', 'no-stream', 1), wire('ledger', 'no-stream', 3), wire('b', 'no-stream', 1)];
    const outcomes = writer.commitBatch([before, parted, after], undefined, (request) =>
      request === parted ? rest([{ kind: 'part', request: wire('ledger', 2, 2) }, { kind: 'part', request: wire('member', 'no-stream', 1) }]) : undefined,
    );
    expect(outcomes.map((outcome) => outcome.ok)).toEqual(['written', 'written', 'written']);
    expect(outcomes[1]).toEqual({
      ok: 'written',
      firstPosition: 2,
      count: 6,
      streams: [
        { streamId: 'ledger', nextExpectedRevision: 4 },
        { streamId: 'member', nextExpectedRevision: 0 },
      ],
    });
    expect(log().map((event) => `${event.streamId}@${event.revision}`)).toEqual(['a@0', 'ledger@0', 'ledger@1', 'ledger@2', 'ledger@3', 'ledger@4', 'member@0', 'b@0']);
    expect(verifyChain(log()).ok).toBe(true);
    // The written revisions and chain head are the cached ones now.
    expect(writer.commitBatch([wire('ledger', 4, 1)])[0].ok).toBe('written');
  });

  it.each([
    ['the caller aborts', [{ kind: 'part', request: wire('ledger', 2, 2) }, { kind: 'abort', error: { kind: 'other', name: 'Error', message: 'the producer failed' } }], /the producer failed/],
    ['the next part does not come in time', [{ kind: 'timeout', waitedMs: 50 }], /did not arrive within 50 ms/],
    ['a stream new in a later part does not hold its expectation', [{ kind: 'part', request: wire('member', 'stream-exists', 1) }], /expected revision stream-exists, actual no stream/],
  ] as Array<[string, NextPart[], RegExp]>)('should write nothing of it when %s, and commit the requests around it', (_, steps, message) => {
    const [before, parted, after] = [wire('a', 'no-stream', 1), wire('ledger', 'no-stream', 3), wire('b', 'no-stream', 1)];
    const outcomes = writer.commitBatch([before, parted, after], undefined, (request) => (request === parted ? rest(steps) : undefined));
    expect(outcomes.map((outcome) => outcome.ok)).toEqual(['written', false, 'written']);
    const failure = outcomes[1] as Extract<WireOutcome, { ok: false }>;
    expect(fromWireError(failure.error).message).toMatch(message);
    expect(log().map((event) => event.streamId)).toEqual(['a', 'b']);
    expect(verifyChain(log()).ok).toBe(true);
    // Nothing of it is cached: the stream is still new.
    expect(writer.commitBatch([wire('ledger', 'no-stream', 1)])[0].ok).toBe('written');
  });
});

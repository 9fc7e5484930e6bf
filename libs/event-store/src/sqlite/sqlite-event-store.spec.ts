import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { newEvent, newEvents, uniqueName } from '../contract/contract-fixtures';
import { describeEventStoreContract } from '../contract/event-store.contract';
import Database from 'better-sqlite3';
import { EventIdConflictError } from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { createSqliteEventStore, type SqliteEventStore } from './sqlite-event-store';
import { LOG_PAGE_SIZE } from './sqlite-schema';

function fileFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  const filename = join(dir, 'nested', 'events.sqlite');
  const opened: SqliteEventStore[] = [];
  const open = (): SqliteEventStore => {
    const store = createSqliteEventStore({ filename, pollIntervalMs: 50 });
    opened.push(store);
    return store;
  };
  return {
    filename,
    open,
    cleanup: async (): Promise<void> => {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeEventStoreContract('SQLite file', async () => {
  const files = fileFixture();
  return { store: files.open(), cleanup: files.cleanup, reopen: async () => files.open() };
});

describeEventStoreContract('SQLite :memory:', async () => {
  const store = createSqliteEventStore({ filename: ':memory:', pollIntervalMs: 50 });
  return { store, cleanup: () => store.close() };
}, { persistent: false });

describe('SqliteEventStore specifics', () => {
  it('should report head position 0 on an empty log and the last position after appends', async () => {
    const store = createSqliteEventStore(':memory:');
    try {
      expect(await store.headPosition()).toBe(0);
      const result = await store.append('ledger-1', 'no-stream', newEvents('m1', 3));
      expect(await store.headPosition()).toBe(result.lastPosition);
      expect(result.lastPosition).toBe(3);
    } finally {
      await store.close();
    }
  });

  it("should read an append's events from the log on first access, and say so when the store is already closed", async () => {
    const store = createSqliteEventStore(':memory:');
    const first = await store.appendMulti([
      { streamId: 'ledger-1', expectedRevision: 'no-stream', events: newEvents('m1', 2) },
      { streamId: 'member-1', expectedRevision: 'no-stream', events: newEvents('m1', 1) },
    ]);
    const second = await store.append('ledger-1', 1, newEvents('m1', 1));
    expect(first.events.map((event) => [event.streamId, event.revision, event.position, event.metadata.chainSeq])).toEqual([
      ['ledger-1', 0, 1, 1],
      ['ledger-1', 1, 2, 2],
      ['member-1', 0, 3, 3],
    ]);
    expect(first.events).toEqual(await store.readAll({ after: 0, limit: 3 }));
    await store.close();
    expect(() => second.events).toThrow('read the events of an append before closing it');
  });

  it('should create a new log with 16 KiB pages and keep the page size of an existing one', async () => {
    const files = fileFixture();
    try {
      const store = files.open();
      await store.append('ledger-1', 'no-stream', newEvents('m1', 1));
      await store.close();
      const pageSize = (filename: string): number => {
        const db = new Database(filename, { readonly: true });
        try {
          return db.pragma('page_size', { simple: true }) as number;
        } finally {
          db.close();
        }
      };
      expect(pageSize(files.filename)).toBe(LOG_PAGE_SIZE);
      expect(LOG_PAGE_SIZE).toBe(16_384);

      const older = join(dirname(files.filename), 'older.sqlite');
      const db = new Database(older);
      db.pragma('page_size = 4096');
      db.exec('CREATE TABLE before_the_store (x INTEGER)');
      db.close();
      const reopened = createSqliteEventStore({ filename: older });
      await reopened.append('ledger-1', 'no-stream', newEvents('m1', 1));
      await reopened.close();
      expect(pageSize(older)).toBe(4096);
    } finally {
      await files.cleanup();
    }
  });

  it('should commit appends that are still queued when close is called', async () => {
    const files = fileFixture();
    try {
      const store = files.open();
      const pending = store.append('ledger-1', 'no-stream', newEvents('m1', 2));
      await store.close();
      await expect(pending).resolves.toMatchObject({ lastPosition: 2 });
      const reopened = files.open();
      expect(await reopened.readStream('ledger-1')).toHaveLength(2);
    } finally {
      await files.cleanup();
    }
  });

  it('should fail only the conflicting request of a group-committed batch', async () => {
    const store = createSqliteEventStore(':memory:');
    try {
      await store.append('ledger-1', 'no-stream', [newEvent('m1')]);
      // Issued in one tick, so they share one transaction.
      const outcomes = await Promise.allSettled([
        store.append('ledger-1', 0, [newEvent('m1')]),
        store.append('ledger-1', 0, [newEvent('m1')]),
        store.append('member-1', 'no-stream', [newEvent('m1')]),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const log = await store.readAll({ managerId: 'm1' });
      expect(log.map((event) => event.metadata.chainSeq)).toEqual([1, 2, 3]);
      expect(verifyChain(log).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('should see commits of another connection to the same file in a live subscription', async () => {
    const files = fileFixture();
    try {
      const reader = files.open();
      const writer = files.open();
      const received: string[] = [];
      const subscription = reader.subscribe({ after: 0 }, async (batch) => {
        received.push(...batch.map((event) => event.id));
      });
      const event = newEvent(uniqueName('mgr'));
      await writer.append('ledger-1', 'no-stream', [event]);
      const deadline = Date.now() + 3000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await subscription.stop();
      expect(received).toEqual([event.id]);
    } finally {
      await files.cleanup();
    }
  });

  it('should refuse ids that are stored in another stream (the unique id index sees every stream)', async () => {
    const store = createSqliteEventStore(':memory:');
    try {
      const event = newEvent('m1');
      await store.append('ledger-1', 'no-stream', [event]);
      await expect(store.append('member-1', 'any', [event])).rejects.toBeInstanceOf(EventIdConflictError);
    } finally {
      await store.close();
    }
  });

  it('should let verifyChain find events edited or deleted in the database file', async () => {
    const files = fileFixture();
    try {
      const store = files.open();
      await store.append('ledger-1', 'no-stream', newEvents('m1', 6));
      await store.close();
      const raw = new Database(files.filename);
      raw.prepare(`UPDATE events SET data = '{"index":2,"amountMinor":1}' WHERE position = 3`).run();
      raw.prepare('DELETE FROM events WHERE position = 5').run();
      raw.close();

      const problems = verifyChain(await files.open().readAll()).problems;
      expect(problems.map((problem) => [problem.position, problem.chainSeq])).toEqual([
        [3, 3],
        [6, 6],
      ]);
    } finally {
      await files.cleanup();
    }
  });

  it('should stop its subscriptions on close', async () => {
    const store = createSqliteEventStore(':memory:');
    const subscription = store.subscribe({ after: 0 }, async () => undefined);
    await store.close();
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('should refuse to read after close', async () => {
    const store = createSqliteEventStore(':memory:');
    await store.close();
    await expect(store.readAll()).rejects.toThrow(/closed/);
  });
});

describe('SqliteEventStore: an append given in parts, on the writer thread', () => {
  const parts = (managerId: string, streamId: string, sizes: number[]) => {
    let revision = -1;
    return sizes.map((size) => {
      const part = [{ streamId, expectedRevision: revision < 0 ? ('no-stream' as const) : revision, events: newEvents(managerId, size) }];
      revision += size;
      return part;
    });
  };

  it('should hand each part to the writer as it comes: a producer that stalls past partWaitMs fails alone, and nothing of it is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-parts-'));
    const store = createSqliteEventStore({ filename: join(dir, 'events.sqlite'), partWaitMs: 100 });
    try {
      const [ledger, other] = [uniqueName('ledger'), uniqueName('ledger')];
      // The writer thread is up and idle first (starting it can take longer than the stall, on a busy machine).
      await store.append(other, 'no-stream', newEvents('m1', 1));
      const given = parts('m1', ledger, [5, 5]);
      let calls = 0;
      const stalling = () => {
        calls += 1;
        if (calls === 2) {
          // Synchronously busy for far longer than the writer waits for a part (taking all parts first would not notice).
          const until = Date.now() + 1500;
          while (Date.now() < until);
        }
        return given[calls - 1];
      };
      await expect(store.appendInParts(stalling)).rejects.toThrow(/the next part of an append did not arrive within 100 ms; nothing of it was written/);
      expect(await store.streamRevision(ledger)).toBeUndefined();

      // The late parts were dropped; the writer takes the next appends, given whole or in parts.
      await store.append(other, 0, newEvents('m1', 1));
      const again = parts('m1', ledger, [5, 5]);
      let next = 0;
      const result = await store.appendInParts(() => again[next++]);
      expect(result.streams).toEqual([{ streamId: ledger, nextExpectedRevision: 9 }]);
      const log = await store.readAll({ managerId: 'm1' });
      expect(log).toHaveLength(12);
      expect(verifyChain(log).ok).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should commit with the appends queued before and after it on the same turn, its own events at consecutive positions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-parts-'));
    const store = createSqliteEventStore({ filename: join(dir, 'events.sqlite') });
    try {
      const [ledger, other] = [uniqueName('ledger'), uniqueName('ledger')];
      const before = store.append(uniqueName('member'), 'no-stream', newEvents('m1', 3));
      const given = parts('m1', ledger, [50, 50, 50]);
      let next = 0;
      const parted = store.appendInParts(() => given[next++]);
      const after = store.append(uniqueName('member'), 'no-stream', newEvents('m1', 3));
      const givenToo = parts('m2', other, [20, 30]);
      let nextToo = 0;
      const partedToo = store.appendInParts(() => givenToo[nextToo++]);
      const [first, middle, last, second] = await Promise.all([before, parted, after, partedToo]);
      for (const result of [middle, second]) {
        const positions = result.events.map((event) => event.position);
        expect(positions).toEqual(positions.map((_, index) => positions[0] + index));
      }
      expect(first.lastPosition).toBeLessThan(middle.events[0].position);
      expect(last.lastPosition).toBeGreaterThan(middle.lastPosition);
      expect(second.events[0].position).toBeGreaterThan(last.lastPosition);
      expect(second.streams).toEqual([{ streamId: other, nextExpectedRevision: 49 }]);
      expect(verifyChain(await store.readAll({ managerId: 'm1' })).ok).toBe(true);
      expect(verifyChain(await store.readAll({ managerId: 'm2' })).ok).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { jsonEvent } from '@kurrent/kurrentdb-client';
import { newEvent, newEvents, readManagerLog } from '../contract/contract-fixtures';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { ConcurrencyError } from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { CHAIN_HEAD_EVENT_TYPE } from './kurrentdb-mapping';
import { FakeKurrentDbClient } from './testing/fake-kurrentdb-client';

// The adapter's own logic (chain, retries, idempotency, paging, subscriptions) against an in-memory
// fake of the client. This is not the KurrentDB contract run: that needs a server (EVENTSTORE_URL).
const open = (fake: FakeKurrentDbClient) => new KurrentDbEventStore(fake.asClient(), { pollIntervalMs: 50 });

describeEventStoreContract('KurrentDB adapter on a fake client (no server)', async () => {
  const fake = new FakeKurrentDbClient();
  const opened = [open(fake)];
  return {
    store: opened[0],
    cleanup: async () => {
      for (const store of opened) await store.close();
    },
    reopen: async () => {
      const store = open(fake);
      opened.push(store);
      return store;
    },
  };
});

describe('KurrentDbEventStore on a fake client', () => {
  it('should re-read the chain head and retry when another process extended the chain', async () => {
    const fake = new FakeKurrentDbClient();
    const store = open(fake);
    try {
      await store.append('ledger-1', 'no-stream', [newEvent('m1')]);
      let interfered = false;
      fake.beforeMultiAppend = () => {
        if (interfered) return;
        interfered = true;
        // Another process's append, reduced to what matters here: it moved m1's chain head.
        fake.appendRaw('chain-m1', jsonEvent({ type: CHAIN_HEAD_EVENT_TYPE, data: { seq: 1, hash: 'unchanged' }, metadata: { managerId: 'm1' } }));
      };
      const result = await store.append('ledger-1', 0, [newEvent('m1')]);
      expect(interfered).toBe(true);
      expect(result.streams).toEqual([{ streamId: 'ledger-1', nextExpectedRevision: 1 }]);
    } finally {
      await store.close();
    }
  });

  it('should keep one unforked chain when two processes append for the same Manager at once', async () => {
    const fake = new FakeKurrentDbClient();
    const [a, b] = [open(fake), open(fake)];
    try {
      await Promise.all([
        ...[1, 2, 3].map((n) => a.append(`member-a${n}`, 'no-stream', newEvents('m1', 2))),
        ...[1, 2, 3].map((n) => b.append(`member-b${n}`, 'no-stream', newEvents('m1', 2))),
      ]);
      const log = await readManagerLog(a, 'm1');
      expect(log.map((event) => event.metadata.chainSeq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(verifyChain(log).ok).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('should report a conflict on an appendMulti stream as ConcurrencyError and write nothing', async () => {
    const fake = new FakeKurrentDbClient();
    const store = open(fake);
    try {
      await store.append('member-1', 'no-stream', [newEvent('m1')]);
      const attempt = store.appendMulti([
        { streamId: 'ledger-1', expectedRevision: 'no-stream', events: [newEvent('m1')] },
        { streamId: 'member-1', expectedRevision: 'no-stream', events: [newEvent('m1')] },
      ]);
      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.streamRevision('ledger-1')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

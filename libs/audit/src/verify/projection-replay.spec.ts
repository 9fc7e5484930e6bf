import { createSqliteEventStore, type EventStore, type RecordedEvent } from '@skype-manager/event-store';
import { SqliteReadStore, type ReadStore, type StoredDocument } from '@skype-manager/read-store';
import { writeRealisticLog } from '../test-support/realistic-log';
import { readModelReplay, type ReadSideForAudit } from './projection-replay';
import { verifyManager } from './verify-manager';

/** A toy projection standing in for the real runtime: each member's allocated credit. */
async function project(store: ReadStore, collection: string, page: readonly RecordedEvent[]): Promise<void> {
  const writes = [];
  const current = new Map<string, StoredDocument>();
  for (const event of page) {
    if (event.type !== 'CreditAllocated') continue;
    const to = event.data.to as { type: string; memberId?: string };
    if (to.type !== 'member' || to.memberId === undefined) continue;
    const before = current.get(to.memberId) ?? (await store.get(collection, to.memberId));
    const document = {
      id: to.memberId,
      managerId: event.metadata.managerId,
      allocatedMinor: Number(before?.allocatedMinor ?? 0) + Number(event.data.amountMinor),
      _position: event.position,
    };
    current.set(document.id, document);
  }
  for (const document of current.values()) writes.push({ kind: 'put' as const, collection, document });
  if (writes.length > 0) await store.transaction({ writes });
}

describe('read models rebuilt from the log and compared with the live ones', () => {
  let store: EventStore;
  let live: SqliteReadStore;
  let livePosition: number;

  const side = (): ReadSideForAudit => ({
    live,
    livePosition: async () => livePosition,
    createFresh: async () => {
      const fresh = new SqliteReadStore();
      await fresh.ensureCollections([{ name: 'fresh_allocations', indexes: [{ fields: ['managerId'] }] }]);
      return {
        store: fresh,
        apply: (page) => project(fresh, 'fresh_allocations', page),
        pairs: async () => [{ name: 'allocations', fresh: 'fresh_allocations', live: 'live_allocations' }],
      };
    },
  });
  const verify = (managerId = 'mgr-a') => verifyManager(store, managerId, { readModels: readModelReplay(side(), { waitMs: 50, pollMs: 10 }) });

  beforeEach(async () => {
    store = createSqliteEventStore(':memory:');
    await writeRealisticLog(store, 'mgr-a');
    await writeRealisticLog(store, 'mgr-b');
    live = new SqliteReadStore();
    await live.ensureCollections([{ name: 'live_allocations', indexes: [{ fields: ['managerId'] }] }]);
    await project(live, 'live_allocations', await store.readAll({ limit: 10_000 }));
    livePosition = await store.headPosition();
  });
  afterEach(async () => {
    await live.close();
    await store.close();
  });

  it('should match when the live read model is what the log gives', async () => {
    expect(await verify()).toMatchObject({ ok: true, readModelsMatch: true });
  });

  it('should name the document and field that differ, at the position that last wrote it', async () => {
    const document = (await live.get('live_allocations', 'mgr-a-m1'))!;
    await live.transaction({ writes: [{ kind: 'put', collection: 'live_allocations', document: { ...document, allocatedMinor: 1 } }] });
    const report = await verify();
    expect(report).toMatchObject({ ok: false, readModelsMatch: false, hashChainIntact: true });
    expect(report.problems).toEqual([
      { position: document._position, kind: 'read-model-mismatch', detail: 'allocations/mgr-a-m1: allocatedMinor is 1 live, 5000 rebuilt from the log' },
    ]);
  });

  it('should notice a missing and an extra document, and ignore other Managers', async () => {
    await live.transaction({
      writes: [
        { kind: 'delete', collection: 'live_allocations', id: 'mgr-a-m0' },
        { kind: 'put', collection: 'live_allocations', document: { id: 'ghost', managerId: 'mgr-a', allocatedMinor: 5, _position: 3 } },
        { kind: 'put', collection: 'live_allocations', document: { id: 'mgr-b-m0', managerId: 'mgr-b', allocatedMinor: 7, _position: 3 } },
      ],
    });
    const details = (await verify()).problems.map((problem) => problem.detail);
    expect(details).toEqual([
      'allocations/ghost is in the live read model but not rebuilt from the log',
      'allocations/mgr-a-m0 is missing from the live read model',
    ]);
  });

  it('should skip a live document that already reflects events after the verified ones', async () => {
    const document = (await live.get('live_allocations', 'mgr-a-m2'))!;
    const later = livePosition + 10;
    await live.transaction({ writes: [{ kind: 'put', collection: 'live_allocations', document: { ...document, allocatedMinor: 99, _position: later } }] });
    expect(await verify()).toMatchObject({ ok: true, readModelsMatch: true });
  });

  it('should report live read models that never reach the verified position', async () => {
    livePosition = 3;
    const report = await verify();
    expect(report.readModelsMatch).toBe(false);
    expect(report.problems[0].detail).toContain(`behind the verified log`);
  });
});

import { createSqliteEventStore, type EventStore } from '@skype-manager/event-store';
import { writeRealisticLog } from '../test-support/realistic-log';
import { verifyLog } from './verify-log';
import { verifyManager } from './verify-manager';
import type { ReadModelReplay } from './read-model-replay';

describe('verifying an untouched log', () => {
  let store: EventStore;

  beforeAll(async () => {
    store = createSqliteEventStore(':memory:');
    await writeRealisticLog(store, 'mgr-a');
    await writeRealisticLog(store, 'mgr-b', { members: 4 });
  });
  afterAll(() => store.close());

  it('should find nothing wrong with one Manager', async () => {
    const report = await verifyManager(store, 'mgr-a');
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, managerId: 'mgr-a', hashChainIntact: true, invariantsHold: true, readModelsMatch: null });
    const own = (await store.readAll({ limit: 10_000 })).filter((event) => event.metadata.managerId === 'mgr-a');
    expect(report.eventsChecked).toBe(own.length);
    expect(report.ledgerEventsChecked).toBe(own.filter((event) => event.streamId === 'ledger-mgr-a').length);
  });

  it('should check every Manager of the log when none is named', async () => {
    const report = await verifyLog(store, {});
    expect(report.problems).toEqual([]);
    expect(report.managers).toBe(2);
    expect(report.eventsChecked).toBe(await store.headPosition());
  });

  it('should give the same answer whatever the page size', async () => {
    const small = await verifyManager(store, 'mgr-b', { pageSize: 3 });
    const large = await verifyManager(store, 'mgr-b');
    expect({ ...small, elapsedMs: 0 }).toEqual({ ...large, elapsedMs: 0 });
  });

  it('should feed every event to the read-model replay and report its differences', async () => {
    const applied: number[] = [];
    const replay: ReadModelReplay = {
      apply: async (page) => void applied.push(...page.map((event) => event.position)),
      compare: async (position) => [{ detail: `balances differ at ${position}` }],
      close: async () => undefined,
    };
    const report = await verifyManager(store, 'mgr-a', { readModels: async () => replay, pageSize: 5 });
    expect(applied).toHaveLength(report.eventsChecked);
    expect(report).toMatchObject({ ok: false, readModelsMatch: false, hashChainIntact: true });
    expect(report.problems).toEqual([{ kind: 'read-model-mismatch', detail: expect.stringContaining('balances differ') }]);
  });

  it('should answer readModelsMatch true when the replay finds no difference', async () => {
    const replay: ReadModelReplay = { apply: async () => undefined, compare: async () => [], close: async () => undefined };
    const report = await verifyManager(store, 'mgr-a', { readModels: async () => replay });
    expect(report).toMatchObject({ ok: true, readModelsMatch: true });
  });
});

import { evolveLedger, initialLedgerState, type LedgerEvent, type LedgerState } from '@skype-manager/domain';
import { createSqliteEventStore, type EventStore, type NewEvent } from '@skype-manager/event-store';
import { AuditInputError } from '../errors';
import { writeRealisticLog } from '../test-support/realistic-log';
import { writeSyntheticLedger, type SyntheticLedger } from '../test-support/synthetic-log';
import { asOfCheckpointStreamId, asOfIndexStreamId, loadIndex } from './as-of-checkpoints';
import { balancesAsOf, warmAsOfCheckpoints } from './balances-as-of';
import { balancesOf } from './balances';

/** The answer computed the slow, obvious way: fold the ledger from zero up to the instant. */
async function foldFromZero(store: EventStore, managerId: string, instant: string) {
  let state: LedgerState = initialLedgerState();
  for (const event of await store.readStream(`ledger-${managerId}`)) {
    if (Date.parse(event.metadata.occurredAt) > Date.parse(instant)) break;
    state = evolveLedger(state, { type: event.type, data: event.data } as LedgerEvent);
  }
  return balancesOf(state);
}

/** Counts the ledger events a query reads. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const proxy = Object.create(store) as EventStore;
  proxy.readStream = async (...args) => {
    const events = await store.readStream(...args);
    read += events.length;
    return events;
  };
  return { store: proxy, read: () => read };
}

describe('balances as of an instant', () => {
  let store: EventStore;
  let ledger: SyntheticLedger;
  const options = { minCheckpointInterval: 20, pageSize: 37 };
  // 5 members and 2 departments: one checkpoint every max(20, 8 × 7) = 56 ledger events.
  const INTERVAL = 56;

  beforeEach(async () => {
    store = createSqliteEventStore(':memory:');
    ledger = await writeSyntheticLedger(store, { managerId: 'mgr', members: 5, departments: 2, movements: 600 });
  });
  afterEach(() => store.close());

  it('should equal the ledger folded from zero, at any instant, asked in any order', async () => {
    const revisions = [ledger.events - 1, 3, 0, 250, 249, 57, 56, 55, 111, 112, 400, 10, ledger.events - 2];
    for (const revision of revisions) {
      for (const instant of [ledger.occurredAt(revision), new Date(Date.parse(ledger.occurredAt(revision)) + 999).toISOString()]) {
        const answer = await balancesAsOf(store, 'mgr', instant, options);
        expect(answer).toEqual({ managerId: 'mgr', asOf: instant, revision, position: revision + 1, ...(await foldFromZero(store, 'mgr', instant)) });
      }
    }
  });

  it('should keep a checkpoint every interval and then fold at most one interval per answer', async () => {
    await balancesAsOf(store, 'mgr', ledger.occurredAt(ledger.events - 1), options);
    const entries = await loadIndex(store, 'mgr');
    const checkpoint = (await store.loadSnapshot(asOfCheckpointStreamId('mgr', 3)))?.state as { ledger: Record<string, unknown> };
    // Only what balances need: the usage id registers would make every checkpoint as large as the usage history.
    expect(checkpoint.ledger).toMatchObject({ status: 'open', usageSeen: {}, usageByDay: {}, paymentReferences: {} });
    expect(entries.map((entry) => entry.revision)).toEqual(
      Array.from({ length: Math.floor(ledger.events / INTERVAL) }, (_, k) => (k + 1) * INTERVAL - 1),
    );
    for (const revision of [500, 77, 300]) {
      const counted = counting(store);
      await balancesAsOf(counted.store, 'mgr', ledger.occurredAt(revision), options);
      // The events after the checkpoint, one page's overshoot, and the checkpoint's own event (its id is checked).
      expect(counted.read()).toBeLessThanOrEqual(INTERVAL + options.pageSize + 1);
    }
  });

  it('should build the checkpoints ahead of any question when warmed', async () => {
    expect(await loadIndex(store, 'mgr')).toEqual([]);
    await warmAsOfCheckpoints(store, 'mgr', options);
    expect(await loadIndex(store, 'mgr')).toHaveLength(Math.floor(ledger.events / INTERVAL));
  });

  it('should not trust a checkpoint that no longer matches the log', async () => {
    await balancesAsOf(store, 'mgr', ledger.occurredAt(ledger.events - 1), options);
    const index = await store.loadSnapshot(asOfIndexStreamId('mgr'));
    const entries = (index!.state as { entries: Array<{ eventId: string }> }).entries;
    entries.forEach((entry) => (entry.eventId = 'from-another-log'));
    await store.saveSnapshot(index!);
    const instant = ledger.occurredAt(300);
    expect(await balancesAsOf(store, 'mgr', instant, options)).toMatchObject(await foldFromZero(store, 'mgr', instant) as object);
    expect((await loadIndex(store, 'mgr'))[0].eventId).toBe(`mgr-${INTERVAL - 1}`);
  });

  it('should answer nothing before the ledger was opened, or for an unknown Manager', async () => {
    expect(await balancesAsOf(store, 'mgr', '2024-12-31T23:59:59Z')).toBeUndefined();
    expect(await balancesAsOf(store, 'nobody', '2030-01-01T00:00:00Z')).toBeUndefined();
  });

  it('should refuse an instant that is not ISO-8601 with a time zone', async () => {
    for (const bad of ['yesterday', '2025-03-01', '2025-03-01T10:00:00', '2025-13-45T10:00:00Z']) {
      await expect(balancesAsOf(store, 'mgr', bad)).rejects.toThrow(AuditInputError);
    }
  });
});

describe('balances as of an instant, on a real history', () => {
  it('should stop at the first event decided after the instant, even if a later one is stamped earlier', async () => {
    const store = createSqliteEventStore(':memory:');
    const at = (id: string, occurredAt: string, event: LedgerEvent): NewEvent => ({
      id,
      type: event.type,
      data: event.data as NewEvent['data'],
      metadata: { managerId: 'mgr', occurredAt, actor: 'system', correlationId: id, causationId: id, schemaVersion: 1 },
    });
    const buy = (amountMinor: number): LedgerEvent => ({
      type: 'CreditPurchased',
      data: { purchaseId: `p${amountMinor}`, amountMinor, currency: 'EUR', paymentReference: `r${amountMinor}` },
    });
    await store.append('ledger-mgr', 'no-stream', [
      at('e0', '2025-01-01T10:00:00Z', { type: 'LedgerOpened', data: { managerId: 'mgr', currency: 'EUR', country: 'FR' } }),
      at('e1', '2025-01-01T10:00:10Z', buy(100)),
      // A second writer whose clock ran 5 s behind.
      at('e2', '2025-01-01T10:00:05Z', buy(7)),
    ]);
    expect((await balancesAsOf(store, 'mgr', '2025-01-01T10:00:06Z'))?.company).toEqual({ availableMinor: 0 });
    expect((await balancesAsOf(store, 'mgr', '2025-01-01T10:00:10Z'))?.company).toEqual({ availableMinor: 107 });
    await store.close();
  });

  it('should give every account of the Manager as it stood, and today the live balances', async () => {
    const store = createSqliteEventStore(':memory:');
    const log = await writeRealisticLog(store, 'mgr-r');
    const purchase = log.instants[9];
    const before = await balancesAsOf(store, 'mgr-r', new Date(Date.parse(purchase) - 1));
    expect(before).toMatchObject({ currency: 'EUR', company: { availableMinor: 0 }, departments: [
      { departmentId: 'mgr-r-sales', availableMinor: 0 }, { departmentId: 'mgr-r-support', availableMinor: 0 },
    ] });
    expect(before?.members.map((member) => member.memberId)).toEqual(log.members);
    const now = await balancesAsOf(store, 'mgr-r', '2100-01-01T00:00:00Z');
    expect(now).toMatchObject(await foldFromZero(store, 'mgr-r', '2100-01-01T00:00:00Z') as object);
    expect(now?.company.availableMinor).toBeGreaterThan(0);
    await store.close();
  });
});

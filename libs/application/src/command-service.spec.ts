import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { DomainError, ledgerInvariantViolations, type Command, type OpenLedger } from '@skype-manager/domain';
import { createSqliteEventStore, type EventStore, type Snapshot, type SnapshotText } from '@skype-manager/event-store';
import { CommandService, type CommandServiceOptions } from './command-service';
import { IdempotencyConflictError } from './errors';
import { allocateToDepartment, createDepartment, NOW, purchase, request, setUp } from './test-support/commands';

async function ledgerOf(service: CommandService, managerId: string): Promise<OpenLedger> {
  return service.read(managerId, ({ ledger }) => structuredClone(ledger) as OpenLedger);
}

/** A Manager set up on `store`, then `purchases` purchases of 100, one command each, all stored. */
async function managerWithPurchases(store: EventStore, purchases: number, options: Partial<CommandServiceOptions>) {
  const service = new CommandService(store, options);
  const managerId = uuidv7();
  await service.execute(request(setUp(managerId)));
  for (let i = 0; i < purchases; i++) await service.execute(request(purchase(managerId, 100)));
  await service.drain();
  return { service, managerId };
}

/** The length of a saved snapshot's state text. */
const snapshotChars = (snapshot: Snapshot | SnapshotText): number =>
  ('stateJson' in snapshot ? snapshot.stateJson : JSON.stringify(snapshot.state)).length;

describe('CommandService', () => {
  let store: EventStore;
  let service: CommandService;
  const managerId = uuidv7();

  beforeEach(async () => {
    store = createSqliteEventStore(':memory:');
    service = new CommandService(store);
    await service.execute(request(setUp(managerId)));
  });
  afterEach(async () => {
    await service.close();
    await store.close();
  });

  it('should append the decided events with their metadata and answer with the last position', async () => {
    const outcome = await service.execute(request(purchase(managerId, 5000), { actor: 'administrator:alice' }));
    const [event] = await store.readStream(`ledger-${managerId}`, { fromRevision: 1 });
    expect(event.type).toBe('CreditPurchased');
    expect(event.metadata).toMatchObject({ managerId, actor: 'administrator:alice', schemaVersion: 1 });
    expect(outcome.position).toBe(event.position);
    expect(outcome.body).toEqual({ ledgerEvents: 1, position: event.position });
  });

  it('should not keep the decided state when the store throws instead of rejecting the append', async () => {
    jest.spyOn(store, 'appendMulti').mockImplementationOnce(() => {
      throw new Error('thrown, not rejected');
    });
    await expect(service.execute(request(purchase(managerId, 5000)))).rejects.toThrow('thrown, not rejected');
    const pool = await service.read(managerId, ({ ledger }) => (ledger.status === 'open' ? ledger.companyMinor : -1));
    expect(pool).toBe(0);
    await service.execute(request(purchase(managerId, 700)));
    expect(await service.read(managerId, ({ ledger }) => (ledger.status === 'open' ? ledger.companyMinor : -1))).toBe(700);
  });

  it('should append nothing when a business rule refuses the command', async () => {
    const head = await store.headPosition();
    await expect(service.execute(request(allocateToDepartment(managerId, 'nope', 10)))).rejects.toThrow(DomainError);
    expect(await store.headPosition()).toBe(head);
  });

  it('should append to every stream a command touches, atomically', async () => {
    const departmentId = uuidv7();
    await service.execute(request(createDepartment(managerId, departmentId, 'Design')));
    const managerStream = await store.readStream(`manager-${managerId}`);
    const ledgerStream = await store.readStream(`ledger-${managerId}`);
    expect(managerStream.map((e) => e.type)).toContain('DepartmentCreated');
    expect(ledgerStream.map((e) => e.type)).toContain('DepartmentBudgetOpened');
  });

  describe('When the same Idempotency-Key is sent again', () => {
    const idem = (requestHash: string) => ({ scope: managerId, key: 'purchase-1', requestHash });

    it('should answer the first answer again and append nothing', async () => {
      const first = await service.execute(request(purchase(managerId, 700), { idempotency: idem('h1') }));
      const head = await store.headPosition();
      const again = await service.execute(request(purchase(managerId, 700), { idempotency: idem('h1') }));
      expect(again.replayed).toBe(true);
      expect(again.body).toEqual(first.body);
      expect(await store.headPosition()).toBe(head);
      expect((await ledgerOf(service, managerId)).purchasedMinor).toBe(700);
    });

    it('should refuse the key with a different request', async () => {
      await service.execute(request(purchase(managerId, 700), { idempotency: idem('h1') }));
      await expect(
        service.execute(request(purchase(managerId, 900), { idempotency: idem('h2') })),
      ).rejects.toBeInstanceOf(IdempotencyConflictError);
    });

    it('should have exactly one effect for 20 concurrent identical requests', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => service.execute(request(purchase(managerId, 300), { idempotency: idem('same') }))),
      );
      expect(new Set(outcomes.map((o) => JSON.stringify(o.body))).size).toBe(1);
      expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
      expect((await ledgerOf(service, managerId)).purchasedMinor).toBe(300);
    });
  });

  it('should let exactly the affordable allocations through when 50 race for the pool', async () => {
    const departmentId = uuidv7();
    await service.execute(request(createDepartment(managerId, departmentId, 'Sales')));
    await service.execute(request(purchase(managerId, 1000)));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => service.execute(request(allocateToDepartment(managerId, departmentId, 70)))),
    );
    const succeeded = results.filter((r) => r.status === 'fulfilled').length;
    expect(succeeded).toBe(Math.floor(1000 / 70));
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(refused.every((r) => (r.reason as DomainError).rule === 'insufficient-credit')).toBe(true);
    const ledger = await ledgerOf(service, managerId);
    expect(ledger.companyMinor).toBe(1000 - 70 * succeeded);
    expect(ledgerInvariantViolations(ledger)).toEqual([]);
  });
});

describe('CommandService with two writers on one log (two processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sm-app-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should retry on conflicts and lose no update', async () => {
    const file = join(dir, 'events.sqlite');
    const storeA = createSqliteEventStore(file);
    const storeB = createSqliteEventStore(file);
    const a = new CommandService(storeA);
    const b = new CommandService(storeB);
    const managerId = uuidv7();
    await a.execute(request(setUp(managerId)));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).execute(request(purchase(managerId, 10 + i)))),
    );
    const expected = Array.from({ length: 40 }, (_, i) => 10 + i).reduce((x, y) => x + y, 0);
    const fresh = new CommandService(storeA);
    expect((await ledgerOf(fresh, managerId)).purchasedMinor).toBe(expected);
    const purchases = (await storeA.readStream(`ledger-${managerId}`)).filter((e) => e.type === 'CreditPurchased');
    expect(purchases).toHaveLength(40);
    await Promise.all([a.close(), b.close(), fresh.close()]);
    await storeA.close();
    await storeB.close();
  });
});

describe('CommandService loading a long ledger', () => {
  it('should start from the latest snapshot and replay only the events after it', async () => {
    const store = createSqliteEventStore(':memory:');
    // Snapshots are spaced by their size too (about 30 events for this small ledger): 60 commands take several.
    const { service, managerId } = await managerWithPurchases(store, 60, { snapshotEvery: 10 });
    const snapshot = await store.loadSnapshot(`ledger-${managerId}`);
    expect(snapshot).toBeDefined();
    expect(snapshot!.revision).toBeGreaterThanOrEqual(10);
    const readStream = jest.spyOn(store, 'readStream');
    const reloaded = new CommandService(store);
    const ledger = await ledgerOf(reloaded, managerId);
    expect(ledger.purchasedMinor).toBe(6000);
    const ledgerReads = readStream.mock.calls.filter(([id]) => id === `ledger-${managerId}`);
    expect(ledgerReads[0][1]).toMatchObject({ fromRevision: snapshot!.revision + 1 });
    await reloaded.close();
    await service.close();
    await store.close();
  });
});

describe('CommandService loading a ledger snapshot of another schema', () => {
  /** A ledger with purchases, its latest snapshot, and the state the service holds for it. */
  async function snapshotted() {
    const store = createSqliteEventStore(':memory:');
    const { service, managerId } = await managerWithPurchases(store, 30, { snapshotEvery: 10 });
    const snapshot = (await store.loadSnapshot(`ledger-${managerId}`))!;
    const live = await ledgerOf(service, managerId);
    await service.close();
    return { store, managerId, snapshot, live };
  }

  async function reload(store: EventStore, managerId: string) {
    const readStream = jest.spyOn(store, 'readStream');
    const service = new CommandService(store);
    const ledger = await ledgerOf(service, managerId);
    const firstRead = readStream.mock.calls.find(([id]) => id === `ledger-${managerId}`)![1];
    readStream.mockRestore();
    await service.close();
    return { ledger, firstRead };
  }

  it('should write v3 snapshots, and load a v2 snapshot (which holds the by-day usage index) as it is', async () => {
    const { store, managerId, snapshot, live } = await snapshotted();
    expect(snapshot.schema).toBe('ledger-state-v3');
    await store.saveSnapshot({ ...snapshot, schema: 'ledger-state-v2', state: { ...(snapshot.state as object), usageByDay: {} } });
    const { ledger, firstRead } = await reload(store, managerId);
    expect(firstRead).toMatchObject({ fromRevision: snapshot.revision + 1 });
    expect(ledger).toEqual(live);
    await store.close();
  });

  it('should replay the whole ledger when its snapshot has a schema it does not know', async () => {
    const { store, managerId, snapshot, live } = await snapshotted();
    await store.saveSnapshot({ ...snapshot, schema: 'ledger-state-v1' });
    const { ledger, firstRead } = await reload(store, managerId);
    expect(firstRead).toMatchObject({ fromRevision: 0 });
    expect(ledger).toEqual(live);
    await store.close();
  });
});

describe('CommandService saving ledger snapshots', () => {
  it('should answer every command even when a snapshot cannot be saved, and try again later', async () => {
    const store = createSqliteEventStore(':memory:');
    const save = jest.spyOn(store, 'saveSnapshot').mockRejectedValueOnce(new Error('disk full'));
    const { service, managerId } = await managerWithPurchases(store, 12, { snapshotEvery: 5 });
    expect(save.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(await store.loadSnapshot(`ledger-${managerId}`)).toBeDefined();
    expect((await ledgerOf(service, managerId)).purchasedMinor).toBe(1200);
    await service.close();
    await store.close();
  });

  it('should not take a snapshot too large for the store again at every batch, but after another interval', async () => {
    // The ledger's state outgrows this store's snapshot limit within a few commands.
    const store = createSqliteEventStore({ filename: ':memory:', limits: { maxSnapshotBytes: 600 } });
    const save = jest.spyOn(store, 'saveSnapshot');
    const { service, managerId } = await managerWithPurchases(store, 40, { snapshotEvery: 2 });
    expect((await ledgerOf(service, managerId)).purchasedMinor).toBe(4000);
    const outcomes = await Promise.allSettled(save.mock.results.map((result) => result.value as Promise<void>));
    const firstRefused = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    expect(firstRefused).toBeGreaterThanOrEqual(0);
    // After the first refusal every attempt is refused too (the state only grows), and each renders the
    // whole state: they are spaced by its size (≥ 1 event per 50 characters), not made at every command.
    const attempts = save.mock.calls.slice(firstRefused).map(([snapshot]) => ({
      revision: snapshot.revision,
      size: snapshotChars(snapshot),
    }));
    for (let i = 1; i < attempts.length; i++) {
      expect(attempts[i].revision - attempts[i - 1].revision).toBeGreaterThanOrEqual(Math.ceil(attempts[i - 1].size / 50));
    }
    expect(attempts.length).toBeLessThanOrEqual(3);
    await service.close();
    await store.close();
  });

  it('should space snapshots by their size: a larger state waits for more events', async () => {
    const store = createSqliteEventStore(':memory:');
    const save = jest.spyOn(store, 'saveSnapshot');
    const { service } = await managerWithPurchases(store, 60, { snapshotEvery: 2 });
    const revisions = save.mock.calls.map(([snapshot]) => snapshot.revision);
    const sizes = save.mock.calls.map(([snapshot]) => snapshotChars(snapshot));
    for (let i = 1; i < revisions.length; i++) {
      expect(revisions[i] - revisions[i - 1]).toBeGreaterThanOrEqual(Math.max(2, Math.ceil(sizes[i - 1] / 50)));
    }
    expect(revisions.length).toBeGreaterThanOrEqual(2);
    await service.close();
    await store.close();
  });
});

describe('CommandService recording a large usage batch with an Idempotency-Key', () => {
  const managerId = uuidv7();
  const usage = (n: number): Command => {
    const records = Array.from({ length: n }, (_, i) => ({
      usageId: `usage-${i}`,
      memberId: `not-a-member-${i % 7}`,
      kind: 'call' as const,
      destination: '+33612345678',
      startedAt: NOW,
      durationSeconds: 60,
      costMinor: 10,
    }));
    return { type: 'RecordUsage', data: { managerId, records, topUpIds: records.map((r) => `top-up-${r.usageId}`) }, metadata: { now: NOW } };
  };
  const usageRequest = () =>
    request(usage(1000), {
      idempotency: { scope: managerId, key: 'usage-batch-1', requestHash: 'h' },
      answer: (decision) => ({ rejected: decision.ledger.filter((e) => e.type === 'UsageRejected').length }),
    });

  it('should store all its events and its answer in one append, or nothing: a retry after a failed append decides afresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-parts-'));
    const store = createSqliteEventStore(join(dir, 'events.sqlite')); // the writer thread: parts are streamed to it
    const service = new CommandService(store);
    await service.execute(request(setUp(managerId)));
    const head = await store.headPosition();
    // The batch is decided 100 records at a time, each part handed to the store as it is decided.
    const appendInParts = store.appendInParts.bind(store);
    const parts: Array<Array<[string, number]>> = [];
    let taken = 0;
    jest
      .spyOn(store, 'appendInParts')
      .mockImplementationOnce((nextPart) =>
        appendInParts(() => {
          if (++taken === 5) throw new Error('the process died mid-write');
          return nextPart();
        }),
      )
      .mockImplementation((nextPart) =>
        appendInParts(() => {
          const part = nextPart();
          if (part) parts.push(part.map((r): [string, number] => [r.streamId.split('-')[0], r.events.length]));
          return part;
        }),
      );
    await expect(service.execute(usageRequest())).rejects.toThrow('the process died mid-write');
    expect(taken).toBe(5);
    expect(await store.headPosition()).toBe(head);

    const first = await service.execute(usageRequest());
    expect(first.body).toMatchObject({ rejected: 1000 });
    expect(parts).toEqual([...Array.from({ length: 10 }, () => [['ledger', 100]]), [['idempotency', 1]]]);
    const log = await store.readAll({ managerId, after: head, limit: 2000 });
    expect(log.map((event) => event.type)).toEqual([...Array.from({ length: 1000 }, () => 'UsageRejected'), 'CommandAnswered']);

    const again = await service.execute(usageRequest());
    expect(again.replayed).toBe(true);
    expect(again.body).toEqual(first.body);
    expect(await store.headPosition()).toBe(first.position);
    await service.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

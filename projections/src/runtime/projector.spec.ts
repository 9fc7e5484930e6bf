import {
  createSqliteEventStore,
  type EventStore,
  type RecordedEvent,
  type SubscribeOptions,
} from '@skype-manager/event-store';
import { SqliteReadStore, type ReadStore, type WriteUnit } from '@skype-manager/read-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { appendTo } from '../test-support/event-log';
import { generatedLog } from '../test-support/history-generator';
import { project } from '../test-support/project';
import { snapshotReadModels } from '../test-support/read-model-snapshot';
import { sampleHistory } from '../test-support/sample-history';
import { ReadModels } from './generations';
import { Projector } from './projector';

const history = generatedLog({
  managers: 3,
  membersPerManager: 8,
  departmentsPerManager: 2,
  events: 1_500,
  seed: 7,
});
const events = [...sampleHistory().events, ...history.events].map((event, index) => ({
  ...event,
  position: index + 1,
}));

async function expected() {
  const reference = await project(ALL_PROJECTIONS, events, { batchSize: 1000 });
  return snapshotReadModels(reference.readModels, ALL_PROJECTIONS);
}

describe('Projector on the SQLite event store', () => {
  let eventStore: EventStore;
  let readStore: ReadStore;
  let readModels: ReadModels;
  const projectors: Projector[] = [];
  const projector = (options: Partial<ConstructorParameters<typeof Projector>[0]> = {}) => {
    // Small pages, several folded into each commit: many commits per run, each spanning pages.
    const created = new Projector({
      eventStore,
      readStore,
      projections: ALL_PROJECTIONS,
      batchSize: 100,
      commitEvents: 300,
      ...options,
    });
    projectors.push(created);
    return created;
  };

  beforeEach(() => {
    eventStore = createSqliteEventStore({ filename: ':memory:', pollIntervalMs: 10 });
    readStore = new SqliteReadStore();
    readModels = new ReadModels(readStore, ALL_PROJECTIONS);
  });
  afterEach(async () => {
    for (const running of projectors.splice(0)) await running.stop();
    await eventStore.close();
    await readStore.close();
  });

  it('should catch up with the log, then follow it live', async () => {
    await appendTo(eventStore, events.slice(0, 900));
    const running = projector();
    await running.start();
    await appendTo(eventStore, events.slice(900));
    expect(await running.waitForPosition(events.length, 10_000)).toBe(true);
    expect(await snapshotReadModels(readModels, ALL_PROJECTIONS)).toEqual(await expected());
    expect(await readModels.position()).toBe(events.length);
  });

  it('should build from position 0 without reading back documents it never committed', async () => {
    await appendTo(eventStore, events);
    const reads: string[] = [];
    const getMany = readStore.getMany.bind(readStore);
    readStore.getMany = async (collection, ids) => {
      reads.push(...ids.map((id) => `${collection}/${id}`));
      return getMany(collection, ids);
    };
    const running = projector();
    await running.start();
    expect(await running.waitForPosition(events.length, 10_000)).toBe(true);
    expect(await snapshotReadModels(readModels, ALL_PROJECTIONS)).toEqual(await expected());
    // Every document stays in the lane's cache here: none is read from the store.
    expect(reads).toEqual([]);
  });

  it('should resume after a stop between batches without losing or double counting', async () => {
    await appendTo(eventStore, events);
    const first = projector({ batchSize: 37, commitEvents: 74 });
    await first.start();
    expect(await first.waitForPosition(400, 10_000)).toBe(true);
    await first.stop();
    const stoppedAt = await readModels.position();
    expect(stoppedAt).toBeGreaterThanOrEqual(400);
    expect(stoppedAt).toBeLessThan(events.length);
    const second = projector({ batchSize: 53, commitEvents: 53 });
    await second.start();
    expect(await second.waitForPosition(events.length, 10_000)).toBe(true);
    expect(await snapshotReadModels(readModels, ALL_PROJECTIONS)).toEqual(await expected());
  });

  it('should resume after a crash in the middle of a commit without losing or double counting', async () => {
    await appendTo(eventStore, events);
    const faulty = new FailingReadStore(readStore, 6);
    const crashing = projector({ readStore: faulty });
    await crashing.start();
    await expect(crashing.done).rejects.toThrow(/disk unplugged/);
    expect(crashing.failed?.message).toMatch(/disk unplugged/);
    expect(await readModels.position()).toBeLessThan(events.length);
    const recovered = projector();
    await recovered.start();
    expect(await recovered.waitForPosition(events.length, 10_000)).toBe(true);
    expect(await snapshotReadModels(readModels, ALL_PROJECTIONS)).toEqual(await expected());
  });

  it('should change nothing when events already applied are delivered again', async () => {
    await appendTo(eventStore, events);
    const first = projector();
    await first.start();
    await first.waitForPosition(events.length, 10_000);
    await first.stop();
    const before = await snapshotReadModels(readModels, ALL_PROJECTIONS);
    // As if every checkpoint had been lost: the whole log comes again.
    const rewind = ALL_PROJECTIONS.map((p) => ({ projection: `${p.name}_v${p.version}`, position: 0 }));
    await readStore.transaction({ writes: [], checkpoints: rewind });
    const again = projector();
    await again.start();
    expect(await again.waitForPosition(events.length, 10_000)).toBe(true);
    expect(await snapshotReadModels(readModels, ALL_PROJECTIONS)).toEqual(before);
  });

  it('should answer false when a position is not reached in time, and true as soon as it is', async () => {
    await appendTo(eventStore, events.slice(0, 10));
    const running = projector();
    await running.start();
    expect(await running.waitForPosition(11, 50)).toBe(false);
    const waiting = running.waitForPosition(11, 10_000);
    await appendTo(eventStore, events.slice(10, 11));
    expect(await waiting).toBe(true);
  });

  it('should commit a full last page after the commit interval, without waiting for a next page', async () => {
    await appendTo(eventStore, events.slice(0, 30));
    // Pages of exactly 10 events: the last page is full, so only the interval can commit it.
    const running = projector({ batchSize: 10, commitEvents: 1_000, commitIntervalMs: 30 });
    await running.start();
    expect(await running.waitForPosition(30, 5_000)).toBe(true);
  });

  it('should fold the pages that reach the head within commitSpacingMs of the last commit into one commit', async () => {
    const counting = new FailingReadStore(readStore, Number.POSITIVE_INFINITY);
    const running = projector({ readStore: counting, commitSpacingMs: 1_000, waitedCommitSpacingMs: 1_000 });
    await running.start();
    await appendTo(eventStore, events.slice(0, 1));
    expect(await running.waitForPosition(1, 5_000)).toBe(true);
    const before = counting.batchCommits;
    // Five appends, each its own group commit and page, all within a second of the last commit.
    for (let i = 1; i < 6; i++) await appendTo(eventStore, events.slice(i, i + 1));
    expect(await running.waitForPosition(6, 5_000)).toBe(true);
    expect(counting.batchCommits - before).toBe(1);
    expect(await snapshotReadModels(new ReadModels(readStore, ALL_PROJECTIONS), ALL_PROJECTIONS)).toEqual(
      await snapshotReadModels((await project(ALL_PROJECTIONS, events.slice(0, 6), { batchSize: 1000 })).readModels, ALL_PROJECTIONS),
    );
  });

  /**
   * A running projector whose commits at the head wait a minute unless a reader waits (then none), with
   * its first event committed; `taken()` counts the events its lanes have applied.
   */
  async function spacedProjector() {
    const counting = new FailingReadStore(readStore, Number.POSITIVE_INFINITY);
    const observed = observeTaken(eventStore);
    const running = projector({
      eventStore: observed.store,
      readStore: counting,
      commitSpacingMs: 60_000,
      waitedCommitSpacingMs: 0,
    });
    await running.start();
    await appendTo(eventStore, events.slice(0, 1));
    expect(await running.waitForPosition(1, 5_000)).toBe(true);
    return { running, counting, taken: observed.taken };
  }

  it('should commit after waitedCommitSpacingMs, not commitSpacingMs, what a reader starts waiting for', async () => {
    const { running, counting, taken } = await spacedProjector();
    for (let i = 1; i < 4; i++) await appendTo(eventStore, events.slice(i, i + 1));
    // Read back and applied, the pages now wait for the spacing: a reader's wait cuts it short.
    await waitUntil(() => taken() === 4);
    const before = counting.batchCommits;
    expect(await running.waitForPosition(4, 5_000)).toBe(true);
    expect(counting.batchCommits - before).toBe(1);
  });

  it('should use waitedCommitSpacingMs for pages that arrive while a reader waits', async () => {
    const { running } = await spacedProjector();
    // The reader waits before the events are even appended.
    const waiting = running.waitForPosition(3, 5_000);
    await appendTo(eventStore, events.slice(1, 2));
    await appendTo(eventStore, events.slice(2, 3));
    expect(await waiting).toBe(true);
  });

  it('should keep to commitSpacingMs while no reader waits', async () => {
    const { running, counting, taken } = await spacedProjector();
    const before = counting.batchCommits;
    await appendTo(eventStore, events.slice(1, 3));
    await waitUntil(() => taken() === 3);
    // Applied, but not committed: no reader waits, so the pages wait for the spacing.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(counting.batchCommits - before).toBe(0);
    expect((await running.lag()).every((row) => row.checkpoint === 1 && row.headPosition === 3)).toBe(true);
  });

  it('should refuse a commit delay that is negative, not a number, or over a minute', () => {
    expect(() => projector({ commitSpacingMs: -1 })).toThrow(/commitSpacingMs must be a number of ms from 0 to 60000, got -1/);
    expect(() => projector({ waitedCommitSpacingMs: Number.NaN })).toThrow(/waitedCommitSpacingMs .* got NaN/);
    expect(() => projector({ commitIntervalMs: 60_001 })).toThrow(/commitIntervalMs .* got 60001/);
    expect(() => projector({ commitSpacingMs: 0, waitedCommitSpacingMs: 60_000 })).not.toThrow();
  });

  it('should report the lag per projection, as a method and as a Prometheus gauge', async () => {
    await appendTo(eventStore, events.slice(0, 50));
    const running = projector();
    await running.start();
    await running.waitForPosition(50, 10_000);
    await running.stop();
    await appendTo(eventStore, events.slice(50, 80));
    const lag = await running.lag();
    expect(lag).toHaveLength(ALL_PROJECTIONS.length);
    expect(lag.every((row) => row.lagEvents === 30 && row.checkpoint === 50 && row.headPosition === 80)).toBe(
      true,
    );
    expect(await running.maxServingLag()).toBe(30);
    const text = await running.metrics.registry.metrics();
    expect(text).toMatch(
      /projector_lag_events\{projection="balances",generation="balances_v1",state="frozen"\} 30/,
    );
  });
});

/** The store, with a count of the events its subscribers have finished handling (applied, for a lane). */
function observeTaken(store: EventStore): { store: EventStore; taken: () => number } {
  let taken = 0;
  const observed: EventStore = Object.assign(Object.create(store) as EventStore, {
    subscribe: (options: SubscribeOptions, handler: (events: RecordedEvent[]) => Promise<void>) =>
      store.subscribe(options, async (events) => {
        await handler(events);
        taken += events.length;
      }),
  });
  return { store: observed, taken: () => taken };
}

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A read store whose n-th batch commit (a unit with checkpoints) fails, as a crash mid-commit would. */
class FailingReadStore implements ReadStore {
  private units = 0;
  /** Batch commits (units with checkpoints) attempted so far. */
  get batchCommits(): number {
    return this.units;
  }
  constructor(
    private readonly inner: ReadStore,
    private readonly failAtUnit: number,
  ) {}
  ensureCollections = (...args: Parameters<ReadStore['ensureCollections']>) =>
    this.inner.ensureCollections(...args);
  dropCollections = (...args: Parameters<ReadStore['dropCollections']>) =>
    this.inner.dropCollections(...args);
  get = (...args: Parameters<ReadStore['get']>) => this.inner.get(...args);
  getMany = (...args: Parameters<ReadStore['getMany']>) => this.inner.getMany(...args);
  find = (...args: Parameters<ReadStore['find']>) => this.inner.find(...args);
  count = (...args: Parameters<ReadStore['count']>) => this.inner.count(...args);
  checkpoint = (projection: string) => this.inner.checkpoint(projection);
  removeCheckpoint = (projection: string) => this.inner.removeCheckpoint(projection);
  close = async () => undefined;
  async transaction(unit: WriteUnit): Promise<void> {
    if (!unit.checkpoints?.length) return this.inner.transaction(unit);
    this.units += 1;
    if (this.units < this.failAtUnit) return this.inner.transaction(unit);
    // The commit fails as a crash would leave it: nothing of the unit stored.
    throw new Error('disk unplugged');
  }
}

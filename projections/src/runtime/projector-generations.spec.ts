import { createSqliteEventStore, type EventStore } from '@skype-manager/event-store';
import { SqliteReadStore, type ReadStore } from '@skype-manager/read-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { balancesProjection } from '../balances/balances.projection';
import { appendTo } from '../test-support/event-log';
import { GatedEventStore } from '../test-support/gated-event-store';
import { generatedLog } from '../test-support/history-generator';
import { project } from '../test-support/project';
import { snapshotReadModels } from '../test-support/read-model-snapshot';
import { defineProjection } from './projection';
import { ReadModels } from './generations';
import { Projector } from './projector';

const events = generatedLog({
  managers: 2,
  membersPerManager: 6,
  departmentsPerManager: 2,
  events: 1_200,
  seed: 11,
}).events;
const balancesV2 = defineProjection({ ...balancesProjection, version: 2 });

describe('Projector generations: rebuilds and new versions', () => {
  let inner: EventStore;
  let eventStore: GatedEventStore;
  let readStore: ReadStore;
  const projectors: Projector[] = [];
  const projector = (projections = ALL_PROJECTIONS) => {
    const created = new Projector({ eventStore, readStore, projections, batchSize: 100, commitEvents: 200 });
    projectors.push(created);
    return created;
  };

  beforeEach(() => {
    inner = createSqliteEventStore({ filename: ':memory:', pollIntervalMs: 10 });
    eventStore = new GatedEventStore(inner);
    readStore = new SqliteReadStore();
  });
  afterEach(async () => {
    eventStore.release();
    for (const running of projectors.splice(0)) await running.stop();
    await inner.close();
    await readStore.close();
  });

  it('should rebuild from position 0 into fresh collections equal to the live read models', async () => {
    const readModels = new ReadModels(readStore, ALL_PROJECTIONS);
    const running = projector();
    await running.start();
    for (const chunk of [events.slice(0, 300), events.slice(300, 800), events.slice(800, 1_000)]) {
      await appendTo(eventStore, chunk);
      await running.waitForPosition(await eventStore.headPosition(), 10_000);
    }
    const live = await snapshotReadModels(readModels, ALL_PROJECTIONS);
    await running.rebuild();
    expect(await readModels.activeGeneration('spend')).toBe('spend_v1_r1');
    expect(await snapshotReadModels(readModels, ALL_PROJECTIONS)).toEqual(live);
    expect(await readStore.count('spend_v1_days')).toBe(0);
    expect(await readStore.checkpoint('spend_v1')).toBe(0);
    // The rebuilt generation goes on live.
    await appendTo(eventStore, events.slice(1_000));
    expect(await running.waitForPosition(events.length, 10_000)).toBe(true);
    const reference = await project(ALL_PROJECTIONS, events, { batchSize: 500 });
    expect(await snapshotReadModels(readModels, ALL_PROJECTIONS)).toEqual(
      await snapshotReadModels(reference.readModels, ALL_PROJECTIONS),
    );
  });

  it('should build a new version aside and switch readers over only once it has caught up', async () => {
    await appendTo(eventStore, events);
    const v1 = projector([balancesProjection]);
    await v1.start();
    await v1.waitForPosition(events.length, 10_000);
    await v1.stop();
    const readers = new ReadModels(readStore, [balancesV2]);
    const servedByV1 = await snapshotReadModels(readers, [balancesV2]);

    eventStore.hold();
    const v2 = projector([balancesV2]);
    await v2.start();
    expect(await readers.activeGeneration('balances')).toBe('balances_v1');
    expect(await snapshotReadModels(readers, [balancesV2])).toEqual(servedByV1);
    expect((await v2.lag()).map((row) => [row.generation, row.state])).toEqual([
      ['balances_v1', 'frozen'],
      ['balances_v2', 'building'],
    ]);

    eventStore.release();
    await v2.whenAllServing();
    expect(await readers.activeGeneration('balances')).toBe('balances_v2');
    expect(await snapshotReadModels(readers, [balancesV2])).toEqual(servedByV1);
    expect(await readStore.count('balances_v1_accounts')).toBe(0);
    expect(await v2.waitForPosition(events.length, 1_000)).toBe(true);
  });

  it('should resume an interrupted rebuild after a restart rather than start another', async () => {
    await appendTo(eventStore, events.slice(0, 500));
    const first = projector([balancesProjection]);
    await first.start();
    await first.waitForPosition(500, 10_000);
    eventStore.hold();
    const rebuilding = first.rebuild(['balances']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await first.stop();
    await expect(rebuilding).rejects.toThrow(/stopped before the build finished/);

    eventStore.release();
    const second = projector([balancesProjection]);
    await second.start();
    await second.whenAllServing();
    const readers = new ReadModels(readStore, [balancesProjection]);
    expect(await readers.activeGeneration('balances')).toBe('balances_v1_r1');
    expect(await readers.checkpoint('balances')).toBe(500);
    const reference = await project([balancesProjection], events.slice(0, 500));
    expect(await snapshotReadModels(readers, [balancesProjection])).toEqual(
      await snapshotReadModels(reference.readModels, [balancesProjection]),
    );
  });
});

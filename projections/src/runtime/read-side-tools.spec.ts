import { readModelReplay } from '@skype-manager/audit';
import { createSqliteEventStore, type EventStore } from '@skype-manager/event-store';
import { SqliteReadStore, type ReadStore } from '@skype-manager/read-store';
import { ALL_PROJECTIONS } from '../all-projections';
import { accountDocumentId } from '../balances/balances.projection';
import { appendTo } from '../test-support/event-log';
import { snapshotReadModels } from '../test-support/read-model-snapshot';
import { ANN, M1, sampleHistory } from '../test-support/sample-history';
import { ReadModels } from './generations';
import { Projector } from './projector';
import { createAuditReadSide, rebuildReadModels } from './read-side-tools';

describe('read side for the audit and the CLI', () => {
  const { events } = sampleHistory();
  let eventStore: EventStore;
  let readStore: ReadStore;
  let readModels: ReadModels;

  beforeEach(async () => {
    eventStore = createSqliteEventStore({ filename: ':memory:', pollIntervalMs: 10 });
    readStore = new SqliteReadStore();
    readModels = new ReadModels(readStore, ALL_PROJECTIONS);
    await appendTo(eventStore, events);
    const projector = new Projector({ eventStore, readStore, projections: ALL_PROJECTIONS });
    await projector.start();
    await projector.waitForPosition(events.length, 10_000);
    await projector.stop();
  });
  afterEach(async () => {
    await eventStore.close();
    await readStore.close();
  });

  const replayOfM1 = async () => {
    const replay = await readModelReplay(createAuditReadSide(readStore), { waitMs: 100 })(M1, {
      headPosition: events.length,
    });
    const page = await eventStore.readAll({ managerId: M1, limit: 10_000 });
    await replay.apply(page);
    return { replay, position: page[page.length - 1].position };
  };

  it("should find a Manager's live read models equal to a replay of its events", async () => {
    const { replay, position } = await replayOfM1();
    expect(await replay.compare(position)).toEqual([]);
    await replay.close();
  });

  it('should point at a live document that differs from the replay', async () => {
    const accounts = await readModels.collection('balances', 'accounts');
    const ann = await readStore.get(accounts, accountDocumentId(M1, { type: 'member', memberId: ANN }));
    await readStore.transaction({
      writes: [{ kind: 'put', collection: accounts, document: { ...ann!, availableMinor: 1 } }],
    });
    const { replay, position } = await replayOfM1();
    expect(await replay.compare(position)).toEqual([
      expect.objectContaining({
        detail: expect.stringMatching(/balances\.accounts\/m-1:member:mem-ann: availableMinor/),
      }),
    ]);
    await replay.close();
  });

  it('should rebuild every read model into fresh generations with the same documents', async () => {
    const before = await snapshotReadModels(readModels, ALL_PROJECTIONS);
    const progress: Array<[number, number]> = [];
    await rebuildReadModels(eventStore, readStore, (position, head) => progress.push([position, head]));
    expect(await readModels.activeGeneration('balances')).toBe('balances_v1_r1');
    expect(await snapshotReadModels(readModels, ALL_PROJECTIONS)).toEqual(before);
    expect(progress[progress.length - 1]).toEqual([events.length, events.length]);
  });
});

import { documentsOf, project, replayAgain } from '../test-support/project';
import { ANN, BOB, DAN, DESIGN, M1, M2, SALES, sampleHistory, usage } from '../test-support/sample-history';
import { EventLog } from '../test-support/event-log';
import { utcDay } from './calendar';
import { dayRowTotals, spendMonthId, spendProjection, type SpendMonthDocument } from './spend.projection';

const MONTHS = 'spend_v1_months';

describe('spend projection', () => {
  const { events } = sampleHistory();
  const month = async (store: Awaited<ReturnType<typeof project>>['store'], id: string) =>
    (await store.get(MONTHS, id)) as SpendMonthDocument | undefined;

  describe('When the whole sample history is applied', () => {
    it('should total the group per day and category, feature charges included', async () => {
      const { store } = await project(spendProjection, events);
      const march = await month(store, spendMonthId(M1, 'group', M1, '2025-03'));
      expect(dayRowTotals(march!.days['02'])).toEqual({
        totalMinor: 1_980,
        byCategory: { calls: 370, sms: 10, subscriptions: 1_000, numbers: 600, other: 0 },
      });
      expect(march?.days['05'][0]).toBe(300);
      expect(Object.keys(march?.days ?? {})).toEqual(['02', '05']);
      expect(march?.totalMinor).toBe(2_280);
      expect(march?.byCategory.calls).toBe(670);
    });

    it('should count a day by the UTC date the usage started', async () => {
      const { store } = await project(spendProjection, events);
      // Bob's call started at 01:30 in UTC+2 on the 3rd: the 2nd in UTC.
      const bob = await month(store, spendMonthId(M1, 'employee', BOB, '2025-03'));
      expect(bob?.days['03']).toBeUndefined();
      expect(dayRowTotals(bob!.days['02']).byCategory.calls).toBe(120);
    });

    it('should attribute spend to the department the member was in when it happened', async () => {
      const { store } = await project(spendProjection, events);
      const design = await month(store, spendMonthId(M1, 'department', DESIGN, '2025-03'));
      const sales = await month(store, spendMonthId(M1, 'department', SALES, '2025-03'));
      expect(Object.keys(design?.days ?? {})).toEqual(['02']);
      expect(design?.days['02'][0]).toBe(1_260);
      expect(sales?.days['02'][0]).toBe(720);
      expect(sales?.days['05'][0]).toBe(300);
      expect((await month(store, spendMonthId(M1, 'employee', ANN, '2025-03')))?.totalMinor).toBe(1_560);
    });

    it('should count spend outside any department for the group and the employee only', async () => {
      const { store } = await project(spendProjection, events);
      expect(await store.count(MONTHS, { managerId: M2 })).toBe(2);
      expect((await month(store, spendMonthId(M2, 'employee', DAN, '2025-03')))?.totalMinor).toBe(999);
    });

    it('should keep months apart', async () => {
      const log = new EventLog();
      log.ledger(
        M1,
        usage('u-1', ANN, null, '2025-01-31T23:59:59.000Z', 5),
        usage('u-2', ANN, null, '2025-02-01T00:00:00.000Z', 7),
      );
      const { store } = await project(spendProjection, log.events);
      expect((await month(store, spendMonthId(M1, 'employee', ANN, '2025-01')))?.totalMinor).toBe(5);
      expect((await month(store, spendMonthId(M1, 'employee', ANN, '2025-02')))?.totalMinor).toBe(7);
    });
  });

  describe('When the same events are applied twice', () => {
    it('should give the same documents', async () => {
      const projected = await project(spendProjection, events);
      const once = await documentsOf(projected.store, projected.generation);
      await replayAgain(projected, events, 4);
      expect(await documentsOf(projected.store, projected.generation)).toEqual(once);
    });
  });

  describe('utcDay', () => {
    it('should read UTC instants directly and convert offsets', () => {
      expect(utcDay('2025-12-31T23:59:59.999Z')).toBe('2025-12-31');
      expect(utcDay('2026-01-01T00:30:00+01:00')).toBe('2025-12-31');
      expect(utcDay('2025-12-31T23:30:00-01:00')).toBe('2026-01-01');
      expect(() => utcDay('yesterday')).toThrow(/ISO-8601/);
    });
  });
});

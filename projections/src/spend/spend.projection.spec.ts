import { documentsOf, project, replayAgain } from '../test-support/project';
import { ANN, BOB, DAN, DESIGN, M1, M2, SALES, sampleHistory } from '../test-support/sample-history';
import { utcDay } from './calendar';
import { spendDayId, spendProjection, type SpendDayDocument } from './spend.projection';

const DAYS = 'spend_v1_days';

describe('spend projection', () => {
  const { events } = sampleHistory();
  const day = async (store: Awaited<ReturnType<typeof project>>['store'], id: string) =>
    (await store.get(DAYS, id)) as SpendDayDocument | undefined;

  describe('When the whole sample history is applied', () => {
    it('should total the group per day and category, feature charges included', async () => {
      const { store } = await project(spendProjection, events);
      expect(await day(store, spendDayId(M1, 'group', M1, '2025-03-02'))).toMatchObject({
        totalMinor: 1_980,
        byCategory: { calls: 370, sms: 10, subscriptions: 1_000, numbers: 600, other: 0 },
      });
      expect((await day(store, spendDayId(M1, 'group', M1, '2025-03-05')))?.totalMinor).toBe(300);
    });

    it('should count a day by the UTC date the usage started', async () => {
      const { store } = await project(spendProjection, events);
      // Bob's call started at 01:30 in UTC+2 on the 3rd: the 2nd in UTC.
      expect(await day(store, spendDayId(M1, 'employee', BOB, '2025-03-03'))).toBeUndefined();
      expect((await day(store, spendDayId(M1, 'employee', BOB, '2025-03-02')))?.byCategory.calls).toBe(120);
    });

    it('should attribute spend to the department the member was in when it happened', async () => {
      const { store } = await project(spendProjection, events);
      expect((await day(store, spendDayId(M1, 'department', DESIGN, '2025-03-02')))?.totalMinor).toBe(1_260);
      expect((await day(store, spendDayId(M1, 'department', SALES, '2025-03-02')))?.totalMinor).toBe(720);
      expect((await day(store, spendDayId(M1, 'department', SALES, '2025-03-05')))?.totalMinor).toBe(300);
      expect(await day(store, spendDayId(M1, 'department', DESIGN, '2025-03-05'))).toBeUndefined();
      expect((await day(store, spendDayId(M1, 'employee', ANN, '2025-03-05')))?.totalMinor).toBe(300);
    });

    it('should count spend outside any department for the group and the employee only', async () => {
      const { store } = await project(spendProjection, events);
      expect(await store.count(DAYS, { managerId: M2 })).toBe(2);
      expect((await day(store, spendDayId(M2, 'employee', DAN, '2025-03-02')))?.totalMinor).toBe(999);
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

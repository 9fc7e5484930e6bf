import { ALL_PROJECTIONS } from '../all-projections';
import type { ReadStore } from '@skype-manager/read-store';
import { ReadModels } from '../runtime/generations';
import { EventLog } from '../test-support/event-log';
import { project } from '../test-support/project';
import { ANN, DESIGN, M1, SALES, sampleHistory, usage } from '../test-support/sample-history';
import { spendReportCsv } from './spend-report.csv';
import { getSpendReport } from './spend-report.query';

const zero = { calls: 0, sms: 0, subscriptions: 0, numbers: 0, other: 0 };

describe('spend report query', () => {
  const { events } = sampleHistory();
  let readModels: ReadModels;
  beforeAll(async () => {
    ({ readModels } = await project(ALL_PROJECTIONS, events, { batchSize: 50 }));
  });

  it('should answer every day of the range for the group, zeros included', async () => {
    const report = await getSpendReport(readModels, M1, {
      level: 'group',
      from: '2025-03-01',
      to: '2025-03-05',
      granularity: 'day',
    });
    expect(report).toMatchObject({
      level: 'group',
      id: M1,
      from: '2025-03-01',
      to: '2025-03-05',
      currency: 'EUR',
      totalMinor: 2_280,
    });
    expect(report?.byCategory).toEqual({ calls: 670, sms: 10, subscriptions: 1_000, numbers: 600, other: 0 });
    expect(report?.series.map((period) => [period.period, period.totalMinor])).toEqual([
      ['2025-03-01', 0],
      ['2025-03-02', 1_980],
      ['2025-03-03', 0],
      ['2025-03-04', 0],
      ['2025-03-05', 300],
    ]);
    expect(report?.series[0].byCategory).toEqual(zero);
  });

  it('should sum days into months, counting only the days inside the range', async () => {
    const report = await getSpendReport(readModels, M1, {
      level: 'employee',
      id: ANN,
      from: '2025-02-10',
      to: '2025-03-04',
      granularity: 'month',
    });
    expect(report?.series).toEqual([
      { period: '2025-02', totalMinor: 0, byCategory: zero },
      {
        period: '2025-03',
        totalMinor: 1_260,
        byCategory: { ...zero, calls: 250, sms: 10, subscriptions: 1_000 },
      },
    ]);
  });

  it('should report a department what its members spent while they belonged to it', async () => {
    const design = await getSpendReport(readModels, M1, {
      level: 'department',
      id: DESIGN,
      from: '2025-03-01',
      to: '2025-03-31',
    });
    const sales = await getSpendReport(readModels, M1, {
      level: 'department',
      id: SALES,
      from: '2025-03-01',
      to: '2025-03-31',
    });
    expect(design?.totalMinor).toBe(1_260);
    expect(sales?.totalMinor).toBe(720 + 300);
    expect(design?.series).toHaveLength(31);
  });

  it('should refuse bad input with the field that is wrong', async () => {
    const ask = (query: Record<string, string>) =>
      getSpendReport(readModels, M1, { level: 'group', from: '2025-01-01', to: '2025-01-31', ...query });
    await expect(ask({ level: 'team' })).rejects.toMatchObject({ field: 'level' });
    await expect(ask({ level: 'toString' })).rejects.toMatchObject({ field: 'level' });
    await expect(ask({ level: 'employee' })).rejects.toMatchObject({ field: 'id' });
    await expect(ask({ from: '2025-02-30' })).rejects.toMatchObject({ field: 'from' });
    await expect(ask({ to: '2024-12-31' })).rejects.toMatchObject({ field: 'to' });
    await expect(ask({ granularity: 'week' })).rejects.toMatchObject({ field: 'granularity' });
    await expect(ask({ to: '2026-01-02' })).rejects.toMatchObject({ field: 'to' });
    await expect(ask({ to: '2035-01-31', granularity: 'month' })).rejects.toMatchObject({ field: 'to' });
    await expect(ask({ to: '2025-12-31', granularity: 'day' })).resolves.toMatchObject({
      series: expect.any(Array),
    });
    expect(await ask({ to: '2034-12-31', granularity: 'month' })).toMatchObject({
      series: expect.any(Array),
    });
  });

  it('should answer nothing for an unknown Manager', async () => {
    expect(
      await getSpendReport(readModels, 'm-unknown', { level: 'group', from: '2025-03-01', to: '2025-03-02' }),
    ).toBeUndefined();
  });

  it('should render the series as CSV with a header row', async () => {
    const report = await getSpendReport(readModels, M1, {
      level: 'group',
      from: '2025-03-02',
      to: '2025-03-03',
    });
    // Plain values only (no quotes needed), so splitting is an exact parse here.
    const rows = spendReportCsv(report!)
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));
    expect(rows).toEqual([
      ['period', 'totalMinor', 'calls', 'sms', 'subscriptions', 'numbers', 'other'],
      ['2025-03-02', '1980', '370', '10', '1000', '600', '0'],
      ['2025-03-03', '0', '0', '0', '0', '0', '0'],
    ]);
  });

  it('should read one document a month for a year of one employee\'s daily data, not the other employees\'', async () => {
    const log = new EventLog('2025-01-01T00:00:00.000Z');
    log.manager('m-y', {
      type: 'ManagerSetUp',
      data: { managerId: 'm-y', name: 'Year', adminAccount: 'admin.year', currency: 'EUR', country: 'FR' },
    });
    // 20 employees × 365 days: the report must read one employee's days only.
    for (let dayIndex = 0; dayIndex < 365; dayIndex++) {
      const day = new Date(Date.UTC(2025, 0, 1 + dayIndex)).toISOString().slice(0, 10);
      for (let employee = 0; employee < 20; employee++) {
        log.ledger(
          'm-y',
          usage(`u-${dayIndex}-${employee}`, `e-${employee}`, 'dep-y', `${day}T10:00:00.000Z`, 7),
        );
      }
    }
    const year = await project(ALL_PROJECTIONS, log.events, { batchSize: 5000 });
    // What the query reads, counted at the store (its speed is the benchmarks' business, part 6).
    const read: Array<{ collection: string; id: string }> = [];
    const store = year.readModels.store;
    const counting: ReadStore = Object.create(store, {
      get: {
        value: async (collection: string, id: string) => {
          const document = await store.get(collection, id);
          if (document) read.push({ collection, id: document.id });
          return document;
        },
      },
      find: {
        value: async (...args: Parameters<ReadStore['find']>) => {
          const documents = await store.find(...args);
          read.push(...documents.map((document) => ({ collection: args[0], id: document.id })));
          return documents;
        },
      },
    });
    const report = await getSpendReport(new ReadModels(counting, ALL_PROJECTIONS), 'm-y', {
      level: 'employee',
      id: 'e-3',
      from: '2025-01-01',
      to: '2025-12-31',
    });
    expect(report?.totalMinor).toBe(365 * 7);
    expect(report?.series).toHaveLength(365);
    const months = read.filter((entry) => entry.collection.endsWith('months'));
    expect(months).toHaveLength(12);
    expect(months.every((entry) => entry.id.includes('e-3'))).toBe(true);
    expect(read.length).toBeLessThanOrEqual(12 + 5); // the months, the Manager, the generation pointers
  });
});

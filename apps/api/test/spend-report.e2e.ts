import { startApi, type Harness } from './support/harness';
import { addAdministrator, addMember, createDepartment, expectProblem, expectStatus, setUpManager, type ManagerSetUp } from './support/scenario';

/**
 * The spend report over real HTTP at its three levels, by day and by month, as JSON and CSV. Claire
 * moves from Design to Sales on 16 March: what she spent before counts for Design, after for Sales.
 */
let h: Harness;
let m: ManagerSetUp;
let design: string;
let sales: string;
let claire: { memberId: string; memberKey: string };
let hugo: { memberId: string; memberKey: string };
let zoe: { memberId: string; memberKey: string };
let designAdmin: string;
let callerIdMinor = 0;

const report = async (query: string, key: string = m.ownerKey, headers?: Record<string, string>) =>
  h.call('GET', `/v1/managers/${m.managerId}/reports/spend?${query}&minPosition=${await h.head()}`, { key, headers });

async function usage(memberId: string, records: Array<[day: string, kind: 'call' | 'sms', costMinor: number, destination?: string]>) {
  const answer = await h.call('POST', `/v1/managers/${m.managerId}/usage`, {
    key: m.ownerKey,
    body: {
      records: records.map(([day, kind, costMinor, destination], index) => ({
        usageId: `${memberId}-${day}-${index}`,
        memberId,
        kind,
        destination: destination ?? '+33612345678',
        startedAt: `${day}T09:30:00Z`,
        durationSeconds: kind === 'call' ? 120 : 0,
        costMinor,
      })),
    },
  });
  expectStatus(answer, 200);
  return answer.body;
}

beforeAll(async () => {
  h = await startApi(); // the clock stands at 2025-03-15T10:00Z
  m = await setUpManager(h);
  design = await createDepartment(h, m, 'Design');
  sales = await createDepartment(h, m, 'Sales');
  expectStatus(await h.call('POST', `/v1/managers/${m.managerId}/credit/purchases`, { key: m.ownerKey, body: { amountMinor: 50_000, currency: 'EUR', paymentReference: 'p1' } }), 201);
  claire = await addMember(h, m, { displayName: 'Claire', departmentId: design });
  hugo = await addMember(h, m, { displayName: 'Hugo', departmentId: sales });
  zoe = await addMember(h, m, { displayName: 'Zoé', departmentId: design });
  for (const { memberId } of [claire, hugo]) {
    expectStatus(await h.call('POST', `/v1/managers/${m.managerId}/credit/allocations`, { key: m.ownerKey, body: { to: { memberId }, amountMinor: 5000 } }), 201);
  }
  designAdmin = (await addAdministrator(h, m, 'department-admin', design)).apiKey;
  // In Design: February and early March.
  await usage(claire.memberId, [['2025-02-25', 'call', 50], ['2025-03-03', 'call', 100], ['2025-03-10', 'sms', 20]]);
  const granted = await h.call('POST', `/v1/managers/${m.managerId}/members/${claire.memberId}/features`, { key: m.ownerKey, body: { feature: 'caller-id' } });
  expectStatus(granted, 201);
  callerIdMinor = granted.body.chargedMinor;
  h.clock.set('2025-03-16T08:00:00Z');
  expectStatus(await h.call('PUT', `/v1/managers/${m.managerId}/members/${claire.memberId}/department`, { key: m.ownerKey, body: { departmentId: sales } }), 200);
  h.clock.set('2025-03-20T18:00:00Z');
  // In Sales from now on.
  await usage(claire.memberId, [['2025-03-18', 'call', 300], ['2025-03-20', 'call', 40]]);
  await usage(hugo.memberId, [['2025-03-19', 'call', 7]]);
});
afterAll(() => h?.close());

const zeros = { calls: 0, sms: 0, subscriptions: 0, numbers: 0, other: 0 };

describe('The spend report', () => {
  it("should count an employee's spend by month, whatever department it was in", async () => {
    const answer = await report(`level=employee&id=${claire.memberId}&from=2025-02-01&to=2025-03-31&granularity=month`);
    expectStatus(answer, 200);
    expect(answer.body).toMatchObject({
      level: 'employee',
      id: claire.memberId,
      from: '2025-02-01',
      to: '2025-03-31',
      currency: 'EUR',
      totalMinor: 510 + callerIdMinor,
      byCategory: { ...zeros, calls: 490, sms: 20, other: callerIdMinor },
      series: [
        { period: '2025-02', totalMinor: 50, byCategory: { ...zeros, calls: 50 } },
        { period: '2025-03', totalMinor: 460 + callerIdMinor, byCategory: { ...zeros, calls: 440, sms: 20, other: callerIdMinor } },
      ],
    });
  });

  it('should count spend before the move for the old department and after it for the new one, by day', async () => {
    const before = await report(`level=department&id=${design}&from=2025-03-01&to=2025-03-31&granularity=day`);
    expectStatus(before, 200);
    expect(before.body.series).toHaveLength(31);
    expect(before.body.totalMinor).toBe(120 + callerIdMinor);
    const days = Object.fromEntries(before.body.series.map((period: { period: string; totalMinor: number }) => [period.period, period.totalMinor]));
    expect(days).toMatchObject({ '2025-03-03': 100, '2025-03-10': 20, '2025-03-15': callerIdMinor, '2025-03-18': 0, '2025-03-20': 0 });
    const after = await report(`level=department&id=${sales}&from=2025-03-01&to=2025-03-31&granularity=day`);
    expect(after.body.totalMinor).toBe(347);
    expect(after.body.series.find((period: { period: string }) => period.period === '2025-03-18')).toEqual({ period: '2025-03-18', totalMinor: 300, byCategory: { ...zeros, calls: 300 } });
    const byMonth = await report(`level=department&id=${design}&from=2025-02-01&to=2025-03-31&granularity=month`);
    expect(byMonth.body.series.map((period: { totalMinor: number }) => period.totalMinor)).toEqual([50, 120 + callerIdMinor]);
  });

  it('should sum every department at the group level (the id may be omitted)', async () => {
    const group = await report('level=group&from=2025-02-01&to=2025-03-31&granularity=month', m.ownerKey);
    expectStatus(group, 200);
    expect(group.body).toMatchObject({ level: 'group', id: m.managerId, totalMinor: 517 + callerIdMinor });
    const byDay = await report(`level=group&id=${m.managerId}&from=2025-03-18&to=2025-03-20`);
    expect(byDay.body.series.map((period: { totalMinor: number }) => period.totalMinor)).toEqual([300, 7, 40]);
    expect(byDay.body.granularity).toBe('day');
  });

  it('should give the series as CSV with a header row for Accept: text/csv', async () => {
    const csv = await report(`level=department&id=${design}&from=2025-03-01&to=2025-03-10`, m.ownerKey, { accept: 'text/csv' });
    expectStatus(csv, 200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('period,totalMinor,calls,sms,subscriptions,numbers,other');
    expect(lines).toHaveLength(11);
    expect(lines).toContain('2025-03-03,100,100,0,0,0,0');
    expect(lines).toContain('2025-03-10,20,0,20,0,0,0');
    const monthly = await report(`level=employee&id=${claire.memberId}&from=2025-02-01&to=2025-03-31&granularity=month`, claire.memberKey, {
      accept: 'text/csv',
    });
    expect(monthly.text.trim().split('\n')).toEqual([
      'period,totalMinor,calls,sms,subscriptions,numbers,other',
      '2025-02,50,50,0,0,0,0',
      `2025-03,${460 + callerIdMinor},440,20,0,0,${callerIdMinor}`,
    ]);
    // A refusal stays problem+json, whatever was accepted.
    expectProblem(await report('level=galaxy&from=2025-03-01&to=2025-03-10', m.ownerKey, { accept: 'text/csv' }), 400);
  });

  it.each([
    ['level=galaxy&from=2025-03-01&to=2025-03-10', 'level'],
    ['level=group&from=2025-02-30&to=2025-03-10', 'from'],
    ['level=group&from=2025-03-01&to=10/03/2025', 'to'],
    ['level=group&from=2025-03-10&to=2025-03-01', 'to'],
    ['level=group&from=2024-01-01&to=2025-03-01&granularity=day', 'to'],
    ['level=group&from=2025-03-01&to=2025-03-10&granularity=week', 'granularity'],
    ['level=department&from=2025-03-01&to=2025-03-10', 'id'],
    ['level=employee&from=2025-03-01&to=2025-03-10', 'id'],
    ['level=group&from=2025-03-01&to=2025-03-10&currency=USD', 'currency'],
  ])('should refuse %s with a 400 naming %s', async (query, field) => {
    const answer = await report(query);
    expectProblem(answer, 400, 'invalid-input');
    expect(answer.body.errors).toEqual([{ field, message: expect.any(String) }]);
  });

  it('should let a department admin read its department and its members, nothing else', async () => {
    expectStatus(await report(`level=department&id=${design}&from=2025-03-01&to=2025-03-31`, designAdmin), 200);
    expectStatus(await report(`level=employee&id=${zoe.memberId}&from=2025-03-01&to=2025-03-31`, designAdmin), 200);
    expectProblem(await report(`level=department&id=${sales}&from=2025-03-01&to=2025-03-31`, designAdmin), 403, 'forbidden');
    expectProblem(await report('level=group&from=2025-03-01&to=2025-03-31', designAdmin), 403, 'forbidden');
    // Claire is in Sales now.
    expectProblem(await report(`level=employee&id=${claire.memberId}&from=2025-03-01&to=2025-03-31`, designAdmin), 403, 'forbidden');
  });

  it('should let a member read its own employee report only', async () => {
    expectStatus(await report(`level=employee&id=${hugo.memberId}&from=2025-03-01&to=2025-03-31`, hugo.memberKey), 200);
    expectProblem(await report(`level=employee&id=${claire.memberId}&from=2025-03-01&to=2025-03-31`, hugo.memberKey), 403);
    expectProblem(await report(`level=department&id=${sales}&from=2025-03-01&to=2025-03-31`, hugo.memberKey), 403);
    expectProblem(await report('level=group&from=2025-03-01&to=2025-03-31', hugo.memberKey), 403);
  });

  it("should answer 404 to another Manager's key", async () => {
    const other = await setUpManager(h);
    expectProblem(await report('level=group&from=2025-03-01&to=2025-03-31', other.ownerKey), 404, 'manager-not-found');
  });
});

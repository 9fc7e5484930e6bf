import { startApi, type Harness } from './support/harness';
import {
  addAdministrator,
  addMember,
  createDepartment,
  expectProblem,
  expectStatus,
  invite,
  setUpManager,
  type ManagerSetUp,
} from './support/scenario';

/**
 * The query endpoints over real HTTP, served by the projector running in the API process: their
 * answers, who may read what, bad query strings, read-your-writes (`?minPosition=`), balances as of
 * an instant, and the verification comparing the read models.
 */
const MIN_POSITION_TIMEOUT_MS = 1000;

let h: Harness;
let m: ManagerSetUp;
let other: ManagerSetUp;
let design: string;
let sales: string;
const keys: Record<string, string> = {};
const people: Record<string, string> = {};
let firstPurchaseAt: string;
/** What granting Claire voicemail charged (the default catalogue's price). */
let voicemail = 0;

const path = (rest = '') => `/v1/managers/${m.managerId}${rest}`;
/** A GET that waits until the read models reflect everything written so far. */
async function read(rest: string, key: string = m.ownerKey, headers?: Record<string, string>) {
  const separator = rest.includes('?') ? '&' : '?';
  return h.call('GET', `${path(rest)}${separator}minPosition=${await h.head()}`, { key, headers });
}
async function command(method: string, rest: string, body: unknown) {
  const answer = await h.call(method, path(rest), { key: m.ownerKey, body });
  if (answer.status >= 300) throw new Error(`${method} ${rest}: ${answer.status} ${answer.text}`);
  return answer.body;
}

beforeAll(async () => {
  h = await startApi({ minPositionTimeoutMs: MIN_POSITION_TIMEOUT_MS });
  m = await setUpManager(h, { name: 'Architectes' });
  other = await setUpManager(h, { name: 'Others' });
  design = await createDepartment(h, m, 'Design studio');
  sales = await createDepartment(h, m, 'Sales');
  firstPurchaseAt = h.clock.now();
  await command('POST', '/credit/purchases', { amountMinor: 100_000, currency: 'EUR', paymentReference: 'inv-1' });
  h.clock.advanceDays(1);
  await command('POST', '/credit/purchases', { amountMinor: 20_000, currency: 'EUR', paymentReference: 'inv-2' });
  const claire = await addMember(h, m, { displayName: 'Claire', departmentId: design });
  const hugo = await addMember(h, m, { displayName: 'Hugo', departmentId: sales });
  const pending = await invite(h, m, { displayName: 'Pending', departmentId: design });
  people.claire = claire.memberId;
  people.hugo = hugo.memberId;
  people.pending = pending.memberId;
  keys.claire = claire.memberKey;
  keys.hugo = hugo.memberKey;
  await command('POST', '/credit/allocations', { to: { departmentId: design }, amountMinor: 30_000 });
  await command('POST', '/credit/allocations', { from: { departmentId: design }, to: { memberId: claire.memberId }, amountMinor: 5000 });
  await command('POST', '/credit/allocations', { to: { memberId: hugo.memberId }, amountMinor: 2000 });
  voicemail = (await command('POST', `/members/${claire.memberId}/features`, { feature: 'voicemail' })).chargedMinor;
  for (const role of ['admin', 'auditor', 'reporter']) keys[role] = (await addAdministrator(h, m, role)).apiKey;
  keys.designAdmin = (await addAdministrator(h, m, 'department-admin', design)).apiKey;
});
afterAll(() => h?.close());

describe('GET /v1/managers/{m}', () => {
  it('should give the overview to every administrator role, at the position asked for', async () => {
    for (const key of [m.ownerKey, keys.admin, keys.auditor, keys.reporter, keys.designAdmin]) {
      const overview = await read('', key);
      expectStatus(overview, 200);
      expect(overview.body).toEqual({
        managerId: m.managerId,
        name: 'Architectes',
        currency: 'EUR',
        companyAvailableMinor: 120_000 - 30_000 - 2000 - voicemail,
        members: expect.objectContaining({ invited: 1, active: 2, removed: 0 }),
        position: expect.any(Number),
      });
    }
  });

  it("should refuse a member key (403), another Manager's key (404), no key (401), an unknown parameter (400)", async () => {
    expectProblem(await read('', keys.claire), 403, 'forbidden');
    expectProblem(await read('', other.ownerKey), 404, 'manager-not-found');
    expectProblem(await h.call('GET', path()), 401);
    const bad = await read('?verbose=1');
    expectProblem(bad, 400, 'invalid-input');
    expect(bad.body.errors).toEqual([{ field: 'verbose', message: 'unknown query parameter verbose' }]);
  });
});

describe('GET /v1/managers/{m}/members', () => {
  it('should list the members in invitation order, filtered by status and department, paged with `next`', async () => {
    const all = await read('/members');
    expectStatus(all, 200);
    expect(all.body.items).toEqual([
      { memberId: people.claire, displayName: 'Claire', status: 'active', departmentId: design, availableMinor: 5000 },
      { memberId: people.hugo, displayName: 'Hugo', status: 'active', departmentId: sales, availableMinor: 2000 },
      { memberId: people.pending, displayName: 'Pending', status: 'invited', departmentId: design, availableMinor: 0 },
    ]);
    expect(all.body.next).toBeUndefined();
    const active = await read(`/members?status=active&departmentId=${design}`, keys.reporter);
    expect(active.body.items.map((item: { memberId: string }) => item.memberId)).toEqual([people.claire]);
    const first = await read('/members?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await read(`/members?limit=2&cursor=${first.body.next}`);
    expect(second.body.items.map((item: { memberId: string }) => item.memberId)).toEqual([people.pending]);
    expect(second.body.next).toBeUndefined();
  });

  it("should show a department admin its own department's members only", async () => {
    const own = await read('/members', keys.designAdmin);
    expectStatus(own, 200);
    expect(own.body.items.map((item: { memberId: string }) => item.memberId)).toEqual([people.claire, people.pending]);
    expectStatus(await read(`/members?departmentId=${design}`, keys.designAdmin), 200);
    expectProblem(await read(`/members?departmentId=${sales}`, keys.designAdmin), 403, 'forbidden');
    expectProblem(await read('/members', keys.claire), 403);
    expectProblem(await read('/members', other.ownerKey), 404);
  });

  it('should refuse a bad status, limit or cursor with a 400 naming it', async () => {
    const bad = await read('/members?status=sleeping&limit=0');
    expectProblem(bad, 400, 'invalid-input');
    expect(bad.body.errors).toEqual([{ field: 'limit', message: 'limit must be an integer from 1 to 500' }]);
    expect((await read('/members?status=sleeping')).body.errors).toEqual([{ field: 'status', message: expect.stringContaining('status must be one of') }]);
    expect((await read('/members?cursor=nonsense')).body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    expect((await read('/members?status=active&status=invited')).body.errors).toEqual([{ field: 'status', message: expect.any(String) }]);
  });
});

describe('GET /v1/managers/{m}/members/{memberId}', () => {
  it('should show one member: balance, permissions, features, spent this month', async () => {
    const claire = await read(`/members/${people.claire}`);
    expectStatus(claire, 200);
    expect(claire.body).toMatchObject({
      memberId: people.claire,
      displayName: 'Claire',
      status: 'active',
      departmentId: design,
      availableMinor: 5000,
      permissions: { destinations: expect.any(String), features: expect.any(Array) },
      features: [expect.objectContaining({ feature: 'voicemail' })],
      spentThisMonthMinor: voicemail,
      position: expect.any(Number),
    });
  });

  it('should let a member read itself only, and a department admin its own department', async () => {
    expectStatus(await read(`/members/${people.claire}`, keys.claire), 200);
    expectProblem(await read(`/members/${people.hugo}`, keys.claire), 403, 'forbidden');
    expectStatus(await read(`/members/${people.claire}`, keys.designAdmin), 200);
    expectProblem(await read(`/members/${people.hugo}`, keys.designAdmin), 403, 'forbidden');
  });

  it("should answer 404 for an unknown member and for another Manager's member", async () => {
    expectProblem(await read('/members/00000000-0000-7000-8000-000000000000'), 404, 'member-not-found');
    const stranger = await addMember(h, other);
    expectProblem(await read(`/members/${stranger.memberId}`), 404, 'member-not-found');
    expectProblem(await read(`/members/${people.claire}`, stranger.memberKey), 404, 'manager-not-found');
  });
});

describe('GET /v1/managers/{m}/balances', () => {
  it('should give the company pool, the department budgets and the member balances', async () => {
    const balances = await read('/balances', keys.auditor);
    expectStatus(balances, 200);
    expect(balances.body).toEqual({
      currency: 'EUR',
      company: { availableMinor: 120_000 - 30_000 - 2000 - voicemail },
      departments: expect.arrayContaining([{ departmentId: design, availableMinor: 25_000 }]),
      members: expect.arrayContaining([
        { memberId: people.claire, availableMinor: 5000 },
        { memberId: people.hugo, availableMinor: 2000 },
      ]),
      position: expect.any(Number),
    });
  });

  it('should give a member its own entry only, and refuse a department admin', async () => {
    const own = await read('/balances', keys.hugo);
    expectStatus(own, 200);
    expect(own.body).toEqual({ currency: 'EUR', departments: [], members: [{ memberId: people.hugo, availableMinor: 2000 }], position: expect.any(Number) });
    expectProblem(await read('/balances', keys.designAdmin), 403, 'forbidden');
    expectProblem(await read('/balances', other.ownerKey), 404);
  });

  it('should give the balances as of an instant, folded from the log: before and after a purchase', async () => {
    const before = await read(`/balances?asOf=${encodeURIComponent(new Date(Date.parse(firstPurchaseAt) - 1000).toISOString())}`);
    expectStatus(before, 200);
    expect(before.body.company).toEqual({ availableMinor: 0 });
    const between = await read(`/balances?asOf=${encodeURIComponent(new Date(Date.parse(firstPurchaseAt) + 3_600_000).toISOString())}`);
    expect(between.body).toMatchObject({ currency: 'EUR', company: { availableMinor: 100_000 }, members: [], asOf: expect.any(String) });
    const now = await read(`/balances?asOf=${encodeURIComponent(h.clock.now())}`);
    expect(now.body.company).toEqual({ availableMinor: 120_000 - 30_000 - 2000 - voicemail });
    const mine = await read(`/balances?asOf=${encodeURIComponent(h.clock.now())}`, keys.claire);
    expect(mine.body).toMatchObject({ members: [{ memberId: people.claire, availableMinor: 5000 }], departments: [] });
    expect(mine.body.company).toBeUndefined();
  });

  it('should refuse an instant that is not ISO-8601 (400)', async () => {
    const bad = await read('/balances?asOf=last%20tuesday');
    expectProblem(bad, 400, 'invalid-input');
    expect(bad.body.errors[0].field).toBe('asOf');
  });
});

describe('GET /v1/managers/{m}/reports/purchases and /reports/allocations', () => {
  it('should list the purchases newest first, paged, and oldest first on request', async () => {
    const page = await read('/reports/purchases?limit=1', keys.reporter);
    expectStatus(page, 200);
    expect(page.body.items).toEqual([expect.objectContaining({ amountMinor: 20_000, currency: 'EUR', paymentReference: 'inv-2' })]);
    const rest = await read(`/reports/purchases?limit=1&cursor=${page.body.next}`, keys.reporter);
    expect(rest.body.items).toEqual([expect.objectContaining({ amountMinor: 100_000, paymentReference: 'inv-1' })]);
    const oldest = await read('/reports/purchases?order=oldest');
    expect(oldest.body.items.map((item: { paymentReference: string }) => item.paymentReference)).toEqual(['inv-1', 'inv-2']);
  });

  it('should list the allocations with their accounts', async () => {
    const page = await read('/reports/allocations?order=oldest', keys.auditor);
    expectStatus(page, 200);
    expect(page.body.items).toEqual([
      expect.objectContaining({ kind: 'allocation', from: { type: 'company' }, to: { type: 'department', departmentId: design }, amountMinor: 30_000 }),
      expect.objectContaining({ from: { type: 'department', departmentId: design }, to: { type: 'member', memberId: people.claire }, amountMinor: 5000 }),
      expect.objectContaining({ to: { type: 'member', memberId: people.hugo }, amountMinor: 2000 }),
    ]);
  });

  it('should refuse department admins and members (403), bad paging (400)', async () => {
    for (const report of ['purchases', 'allocations']) {
      expectProblem(await read(`/reports/${report}`, keys.designAdmin), 403);
      expectProblem(await read(`/reports/${report}`, keys.claire), 403);
      expectProblem(await read(`/reports/${report}`, other.ownerKey), 404);
      const bad = await read(`/reports/${report}?order=sideways&limit=9999`);
      expectProblem(bad, 400, 'invalid-input');
      expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['limit']);
      expect((await read(`/reports/${report}?order=sideways`)).body.errors).toEqual([{ field: 'order', message: 'order must be newest or oldest' }]);
    }
  });
});

describe('?minPosition= (read your writes)', () => {
  it("should see a command's effect when queried with the command's position", async () => {
    const bought = await command('POST', '/credit/purchases', { amountMinor: 7777, currency: 'EUR', paymentReference: 'inv-ryw' });
    const page = await h.call('GET', path(`/reports/purchases?limit=1&minPosition=${bought.position}`), { key: m.ownerKey });
    expectStatus(page, 200);
    expect(page.body.items[0]).toMatchObject({ paymentReference: 'inv-ryw', position: bought.position });
    const overview = await h.call('GET', path(`?minPosition=${bought.position}`), { key: m.ownerKey });
    expect(overview.body.position).toBeGreaterThanOrEqual(bought.position);
  });

  it('should answer 503 with Retry-After when the read models cannot reach the position in time', async () => {
    const started = Date.now();
    const behind = await h.call('GET', path(`/members?minPosition=${(await h.head()) + 1_000_000}`), { key: m.ownerKey });
    expectProblem(behind, 503, 'read-models-behind');
    expect(behind.headers.get('retry-after')).toBe('1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(MIN_POSITION_TIMEOUT_MS - 50);
    expectProblem(await h.call('GET', path('/members?minPosition=soon'), { key: m.ownerKey }), 400, 'invalid-input');
  });
});

describe('POST /v1/managers/{m}/audit/verify', () => {
  it('should verify the log and find the read models equal to a fresh replay', async () => {
    const verified = await h.call('POST', path('/audit/verify'), { key: keys.auditor });
    expectStatus(verified, 200);
    expect(verified.body).toMatchObject({ ok: true, readModelsMatch: true, hashChainIntact: true, problems: [] });
    expect(verified.body.eventsChecked).toBeGreaterThan(10);
  });
});

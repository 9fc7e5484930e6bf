import { startApi, type Harness } from '../../test/support/harness';
import { buy, expectProblem, expectStatus, setUpManager, unique, type ManagerSetUp } from '../../test/support/scenario';
import { AuditModule } from './audit.module';

/**
 * The audit routes over real HTTP, with the real auth guard. Until the lead registers AuditModule in
 * AppModule, it is plugged in through the read side's `imports` seam (Nest imports a module once, so
 * this keeps working after it is registered).
 */
describe('Audit over HTTP', () => {
  let h: Harness;
  let m: ManagerSetUp;
  let other: ManagerSetUp;
  const keys: Record<string, string> = {};
  const path = (rest: string) => `/v1/managers/${m.managerId}${rest}`;

  beforeAll(async () => {
    h = await startApi({}, { read: { imports: [AuditModule] } });
    m = await setUpManager(h);
    other = await setUpManager(h);
    await buy(h, m, 10_000);
    await buy(h, other, 500);
    for (const role of ['admin', 'auditor', 'reporter']) {
      const added = await h.call('POST', path('/administrators'), { key: m.ownerKey, body: { account: unique(role), role } });
      expectStatus(added, 201);
      keys[role] = added.body.apiKey;
    }
  });
  afterAll(() => h.close());

  it("should list the Manager's events to owners, admins and auditors, paged with `next`", async () => {
    for (const key of [m.ownerKey, keys.admin, keys.auditor]) {
      const page = await h.call('GET', path('/events?limit=2'), { key });
      expectStatus(page, 200);
      expect(page.body.items).toHaveLength(2);
      expect(page.body.items[0]).toMatchObject({ position: expect.any(Number), streamId: `manager-${m.managerId}`, revision: 0, type: 'ManagerSetUp' });
      expect(page.body.next).toBe(page.body.items[1].position);
    }
    const purchases = await h.call('GET', path('/events?type=CreditPurchased'), { key: keys.auditor });
    expect(purchases.body.items.map((item: { data: { amountMinor: number } }) => item.data.amountMinor)).toEqual([10_000]);
  });

  it('should refuse a reporter (403), a key of another Manager (404) and a bad limit (400)', async () => {
    expectProblem(await h.call('GET', path('/events'), { key: keys.reporter }), 403);
    expectProblem(await h.call('GET', path('/events'), { key: other.ownerKey }), 404);
    const bad = await h.call('GET', path('/events?limit=5000'), { key: keys.auditor });
    expectProblem(bad, 400, 'invalid-input');
    expect(bad.body.errors).toEqual([{ field: 'limit', message: expect.stringContaining('1 to 1000') }]);
  });

  it("should show a stream of the Manager, and 404 for another Manager's stream", async () => {
    const ledger = await h.call('GET', path(`/streams/ledger-${m.managerId}/events`), { key: keys.auditor });
    expectStatus(ledger, 200);
    expect(ledger.body.items[0]).toMatchObject({ type: 'LedgerOpened', revision: 0 });
    expectProblem(await h.call('GET', path(`/streams/ledger-${other.managerId}/events`), { key: keys.auditor }), 404, 'stream-not-found');
  });

  it('should verify the Manager', async () => {
    const verified = await h.call('POST', path('/audit/verify'), { key: keys.auditor });
    expectStatus(verified, 200);
    expect(verified.body).toMatchObject({ ok: true, hashChainIntact: true, invariantsHold: true, problems: [] });
    expect(verified.body.eventsChecked).toBeGreaterThan(5);
    expectProblem(await h.call('POST', path('/audit/verify'), { key: keys.auditor, body: { deep: true } }), 400);
  });
});

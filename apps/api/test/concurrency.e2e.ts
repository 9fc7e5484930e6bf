import { ledgerInvariantViolations } from '@skype-manager/domain';
import { addMember, buy, expectProblem, expectStatus, invite, setUpManager, unique, type ManagerSetUp } from './support/scenario';
import { startApi, type Harness } from './support/harness';

/** Many requests at once: money rules hold, and an Idempotency-Key has exactly one effect. */
let h: Harness;
let m: ManagerSetUp;
const path = (suffix = '') => `/v1/managers/${m.managerId}${suffix}`;

beforeAll(async () => {
  h = await startApi();
  m = await setUpManager(h);
});
afterAll(() => h?.close());

const ledgerOf = (managerId: string) =>
  h.api.commands.read(managerId, ({ ledger }) => (ledger.status === 'open' ? structuredClone(ledger) : null));

describe('When 50 allocations race for a pool that cannot pay them all', () => {
  it('lets exactly the affordable ones through and never takes the pool below zero', async () => {
    await buy(h, m, 10_000);
    const { memberId } = await addMember(h, m);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.call('POST', path('/credit/allocations'), { key: m.ownerKey, body: { to: { memberId }, amountMinor: 300 } }),
      ),
    );
    const succeeded = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(succeeded).toHaveLength(33); // 33 × 300 = 9,900 ≤ 10,000 < 34 × 300
    for (const answer of refused) expectProblem(answer, 422, 'insufficient-credit');
    const ledger = (await ledgerOf(m.managerId))!;
    expect(ledger.companyMinor).toBe(100);
    expect(ledger.members[memberId].balanceMinor).toBe(9900);
    expect(ledgerInvariantViolations(ledger)).toEqual([]);
    const allocated = (await h.api.store.readAll({ managerId: m.managerId, limit: 10_000 })).filter(
      (e) => e.type === 'CreditAllocated',
    );
    expect(allocated).toHaveLength(33);
    expect(new Set(succeeded.map((a) => a.body.position)).size).toBe(33);
  });
});

describe('When one request is sent 20 times at once with the same Idempotency-Key', () => {
  it('has exactly one effect and every answer is the same', async () => {
    await buy(h, m, 10_000);
    const { memberId } = await addMember(h, m);
    const key = unique('idem');
    const before = (await ledgerOf(m.managerId))!.members[memberId].balanceMinor;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.call('POST', path('/credit/allocations'), {
          key: m.ownerKey,
          headers: { 'idempotency-key': key },
          body: { to: { memberId }, amountMinor: 250 },
        }),
      ),
    );
    for (const answer of answers) expectStatus(answer, 201);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers[0].body).toEqual({ allocationId: expect.any(String), position: expect.any(Number) });
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect((await ledgerOf(m.managerId))!.members[memberId].balanceMinor).toBe(before + 250);
  });

  it('answers the same key with another body 409, appending nothing', async () => {
    const key = unique('idem');
    const first = await h.call('POST', path('/departments'), { key: m.ownerKey, headers: { 'idempotency-key': key }, body: { name: unique('d') } });
    expectStatus(first, 201);
    const head = await h.head();
    const other = await h.call('POST', path('/departments'), { key: m.ownerKey, headers: { 'idempotency-key': key }, body: { name: unique('d') } });
    expectProblem(other, 409, 'idempotency-conflict');
    expect(await h.head()).toBe(head);
  });

  it('gives a retried sign-up the same Manager and the same working owner key, storing no key in the log', async () => {
    const key = unique('signup');
    const body = { name: 'Retry SA', adminAccount: unique('admin.retry'), currency: 'EUR', country: 'FR' };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => h.call('POST', '/v1/managers', { headers: { 'idempotency-key': key }, body })),
    );
    for (const answer of answers) expectStatus(answer, 201);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    const { managerId, apiKey } = answers[0].body;
    expectStatus(await h.call('GET', `/v1/managers/${managerId}/catalogue`, { key: apiKey }), 200);
    const log = JSON.stringify(await h.api.store.readAll({ limit: 10_000 }));
    expect(log).not.toContain(apiKey);
    // The secret is the key's last 43 characters; base64url may hold '_' itself, so never split on it
    // (a secret ending in '_s' made the test look for "s" in the log).
    const secret = (apiKey as string).slice(-43);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(log).not.toContain(secret);
  });

  it('gives a retried invitation the same token and a retried acceptance the same member key', async () => {
    const key = unique('invite');
    const body = { account: unique('member'), displayName: 'Retry' };
    const invites = await Promise.all(
      [1, 2, 3].map(() => h.call('POST', path('/invitations'), { key: m.ownerKey, headers: { 'idempotency-key': key }, body })),
    );
    expect(new Set(invites.map((a) => a.text)).size).toBe(1);
    const token = invites[0].body.invitationToken;
    const accepts = await Promise.all(
      [1, 2, 3].map(() => h.call('POST', `/v1/invitations/${token}/accept`, { headers: { 'idempotency-key': 'accept-1' } })),
    );
    for (const answer of accepts) expectStatus(answer, 200);
    expect(new Set(accepts.map((a) => a.text)).size).toBe(1);
    expectProblem(await h.call('GET', path('/catalogue'), { key: accepts[0].body.apiKey }), 403, 'forbidden');
  });

  it('answers a refused command again by deciding it again (refusals are not stored)', async () => {
    const invited = await invite(h, m);
    const key = unique('refused');
    const purchase = { amountMinor: 1, currency: 'USD', paymentReference: unique('pay') };
    const first = await h.call('POST', path('/credit/purchases'), { key: m.ownerKey, headers: { 'idempotency-key': key }, body: purchase });
    const again = await h.call('POST', path('/credit/purchases'), { key: m.ownerKey, headers: { 'idempotency-key': key }, body: purchase });
    expectProblem(first, 422, 'currency-mismatch');
    expect(again.body).toEqual(first.body);
    expect(invited.memberId).toBeTruthy();
  });

  it('refuses an Idempotency-Key longer than 200 characters (400)', async () => {
    const answer = await h.call('POST', path('/departments'), {
      key: m.ownerKey,
      headers: { 'idempotency-key': 'k'.repeat(201) },
      body: { name: unique('d') },
    });
    expectProblem(answer, 400, 'invalid-input');
    expect(answer.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});

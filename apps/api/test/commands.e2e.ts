import { addMember, buy, createDepartment, expectProblem, expectStatus, invite, setUpManager, unique, type ManagerSetUp } from './support/scenario';
import { START, startApi, type Harness } from './support/harness';

/** Every command endpoint of the HTTP contract, on its happy path, over real HTTP. */
let h: Harness;
let m: ManagerSetUp;
const path = (suffix = '') => `/v1/managers/${m.managerId}${suffix}`;

beforeAll(async () => {
  h = await startApi();
  m = await setUpManager(h);
});
afterAll(() => h?.close());

function expectPosition(body: { position: unknown }): void {
  expect(body.position).toEqual(expect.any(Number));
  expect(body.position).toBeGreaterThan(0);
}

describe('Managers', () => {
  it('sets up a Manager and answers its ids, the owner key (shown once) and the position', async () => {
    const answer = await h.call('POST', '/v1/managers', {
      body: { name: 'Studio', adminAccount: unique('admin.studio'), currency: 'GBP', country: 'GB' },
    });
    expectStatus(answer, 201);
    expect(answer.body).toEqual({
      managerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      administratorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      apiKey: expect.stringMatching(/^sma_/),
      position: expect.any(Number),
    });
    expect(answer.headers.get('x-request-id')).toBeTruthy();
    const catalogue = await h.call('GET', `/v1/managers/${answer.body.managerId}/catalogue`, { key: answer.body.apiKey });
    expectStatus(catalogue, 200);
    expect(catalogue.body.currency).toBe('GBP');
  });

  it('updates the details (200)', async () => {
    const answer = await h.call('PATCH', path(), { key: m.ownerKey, body: { name: 'Architectes & Co' } });
    expectStatus(answer, 200);
    expectPosition(answer.body);
  });

  it('sets the catalogue (200), which GET then shows; the default applies until then', async () => {
    const before = await h.call('GET', path('/catalogue'), { key: m.ownerKey });
    expect(before.body.prices.voicemail).toBe(200);
    const answer = await h.call('PUT', path('/catalogue'), { key: m.ownerKey, body: { prices: { voicemail: 500 } } });
    expectStatus(answer, 200);
    expectPosition(answer.body);
    const after = await h.call('GET', path(`/catalogue?minPosition=${answer.body.position}`), { key: m.ownerKey });
    expectStatus(after, 200);
    expect(after.body).toEqual({
      currency: 'EUR',
      prices: { subscription: 1000, 'online-number': 600, voicemail: 500, 'call-forwarding': 100, 'caller-id': 100 },
    });
  });
});

describe('Administrators', () => {
  it('adds one (201) with a key that works, and removes it (200); its key then stops working', async () => {
    const added = await h.call('POST', path('/administrators'), {
      key: m.ownerKey,
      body: { account: unique('finance'), role: 'admin' },
    });
    expectStatus(added, 201);
    expect(added.body).toEqual({ administratorId: expect.any(String), apiKey: expect.stringMatching(/^sma_/), position: expect.any(Number) });
    expectStatus(await h.call('GET', path('/catalogue'), { key: added.body.apiKey }), 200);
    const removed = await h.call('DELETE', path(`/administrators/${added.body.administratorId}`), { key: m.ownerKey });
    expectStatus(removed, 200);
    expectPosition(removed.body);
    expectProblem(await h.call('GET', path('/catalogue'), { key: added.body.apiKey }), 401, 'unauthorized');
  });
});

describe('Departments', () => {
  it('creates (201), renames (200) and closes (200) a department', async () => {
    const created = await h.call('POST', path('/departments'), { key: m.ownerKey, body: { name: unique('Design') } });
    expectStatus(created, 201);
    expect(created.body).toEqual({ departmentId: expect.any(String), position: expect.any(Number) });
    const id = created.body.departmentId;
    const renamed = await h.call('PATCH', path(`/departments/${id}`), { key: m.ownerKey, body: { name: unique('Studio') } });
    expectStatus(renamed, 200);
    const closed = await h.call('DELETE', path(`/departments/${id}`), { key: m.ownerKey });
    expectStatus(closed, 200);
    expect(closed.body.position).toBeGreaterThan(renamed.body.position);
  });
});

describe('Invitations', () => {
  it('invites (201): the token is shown once and the invitation is valid 30 days', async () => {
    const answer = await h.call('POST', path('/invitations'), {
      key: m.ownerKey,
      body: { email: 'claire@architectes.fr', displayName: 'Claire Dubois' },
    });
    expectStatus(answer, 201);
    expect(answer.body).toEqual({
      memberId: expect.any(String),
      invitationToken: expect.stringMatching(new RegExp(`^${answer.body.memberId}\\.`)),
      expiresAt: new Date(Date.parse(START) + 30 * 86_400_000).toISOString(),
      position: expect.any(Number),
    });
  });

  it('resends (201) with a new token; the old one no longer works', async () => {
    const invited = await invite(h, m);
    const resent = await h.call('POST', path(`/invitations/${invited.memberId}/resend`), { key: m.ownerKey });
    expectStatus(resent, 201);
    expect(resent.body).toEqual({ invitationToken: expect.any(String), expiresAt: expect.any(String), position: expect.any(Number) });
    expect(resent.body.invitationToken).not.toBe(invited.invitationToken);
    expectProblem(await h.call('POST', `/v1/invitations/${invited.invitationToken}/accept`), 404, 'invitation-not-found');
    expectStatus(await h.call('POST', `/v1/invitations/${resent.body.invitationToken}/accept`), 200);
  });

  it('cancels a pending invitation (200)', async () => {
    const invited = await invite(h, m);
    const answer = await h.call('DELETE', path(`/invitations/${invited.memberId}`), { key: m.ownerKey });
    expectStatus(answer, 200);
    expectPosition(answer.body);
  });

  it('is accepted without a key (200) and answers the member its own key', async () => {
    const account = unique('claire');
    const invited = await invite(h, m, { account });
    const answer = await h.call('POST', `/v1/invitations/${invited.invitationToken}/accept`, { body: { account } });
    expectStatus(answer, 200);
    expect(answer.body).toEqual({
      managerId: m.managerId,
      memberId: invited.memberId,
      apiKey: expect.stringMatching(/^smm_/),
      position: expect.any(Number),
    });
  });

  it('accepts with the invited e-mail as account when none is given', async () => {
    const invited = await invite(h, m, { account: undefined, email: `${unique('e')}@architectes.fr` });
    // An empty body sent as JSON is no body.
    expectStatus(await h.call('POST', `/v1/invitations/${invited.invitationToken}/accept`, { raw: '' }), 200);
  });

  it('is declined without a key (200)', async () => {
    const invited = await invite(h, m);
    const answer = await h.call('POST', `/v1/invitations/${invited.invitationToken}/decline`, { body: {} });
    expectStatus(answer, 200);
    expect(answer.body).toEqual({ position: expect.any(Number) });
  });
});

describe('Members', () => {
  it('moves a member to a department and back out (200)', async () => {
    const member = await addMember(h, m);
    const departmentId = await createDepartment(h, m);
    const moved = await h.call('PUT', path(`/members/${member.memberId}/department`), { key: m.ownerKey, body: { departmentId } });
    expectStatus(moved, 200);
    const out = await h.call('PUT', path(`/members/${member.memberId}/department`), { key: m.ownerKey, body: { departmentId: null } });
    expectStatus(out, 200);
  });

  it('sets permissions (200) and an automatic top-up (200), then removes the rule with null (200)', async () => {
    const { memberId } = await addMember(h, m);
    const permissions = await h.call('PUT', path(`/members/${memberId}/permissions`), {
      key: m.ownerKey,
      body: { features: ['voicemail'], destinations: 'domestic', monthlySpendLimitMinor: 5000 },
    });
    expectStatus(permissions, 200);
    const rule = await h.call('PUT', path(`/members/${memberId}/auto-allocation`), {
      key: m.ownerKey,
      body: { topUpToMinor: 2000, whenBelowMinor: 500, monthlyLimitMinor: 10_000 },
    });
    expectStatus(rule, 200);
    const none = await h.call('PUT', path(`/members/${memberId}/auto-allocation`), { key: m.ownerKey, raw: 'null' });
    expectStatus(none, 200);
  });

  it('removes a member (200): its balance returns to the company pool', async () => {
    await buy(h, m, 10_000);
    const { memberId, memberKey } = await addMember(h, m);
    await h.call('POST', path('/credit/allocations'), { key: m.ownerKey, body: { to: { memberId }, amountMinor: 1234 } });
    const answer = await h.call('DELETE', path(`/members/${memberId}`), { key: m.ownerKey });
    expectStatus(answer, 200);
    expect(answer.body).toEqual({ reclaimedMinor: 1234, position: expect.any(Number) });
    expectProblem(await h.call('GET', path('/catalogue'), { key: memberKey }), 401);
  });
});

describe('Credit', () => {
  it('buys (201), allocates to a department (201) and from it to a member (201), reclaims (201)', async () => {
    const purchase = await h.call('POST', path('/credit/purchases'), {
      key: m.ownerKey,
      body: { amountMinor: 50_000, currency: 'EUR', paymentReference: unique('pay') },
    });
    expectStatus(purchase, 201);
    expect(purchase.body).toEqual({ purchaseId: expect.any(String), position: expect.any(Number) });
    const departmentId = await createDepartment(h, m);
    const { memberId } = await addMember(h, m, { departmentId });
    const toDepartment = await h.call('POST', path('/credit/allocations'), {
      key: m.ownerKey,
      body: { to: { departmentId }, amountMinor: 10_000 },
    });
    expectStatus(toDepartment, 201);
    expect(toDepartment.body).toEqual({ allocationId: expect.any(String), position: expect.any(Number) });
    const toMember = await h.call('POST', path('/credit/allocations'), {
      key: m.ownerKey,
      body: { from: { departmentId }, to: { memberId }, amountMinor: 4000 },
    });
    expectStatus(toMember, 201);
    const some = await h.call('POST', path('/credit/reclaims'), { key: m.ownerKey, body: { from: { memberId }, amountMinor: 1000 } });
    expectStatus(some, 201);
    expect(some.body).toEqual({ reclaimId: expect.any(String), amountMinor: 1000, position: expect.any(Number) });
    const all = await h.call('POST', path('/credit/reclaims'), { key: m.ownerKey, body: { from: { departmentId } } });
    expectStatus(all, 201);
    expect(all.body.amountMinor).toBe(6000);
    const balances = await h.api.commands.read(m.managerId, ({ ledger }) =>
      ledger.status === 'open' ? { member: ledger.members[memberId].balanceMinor, department: ledger.departments[departmentId].budgetMinor } : null,
    );
    expect(balances).toEqual({ member: 3000, department: 0 });
  });
});

describe('Features', () => {
  it('grants a feature (201) charging its price, grants an online number, and revokes (200)', async () => {
    await buy(h, m, 10_000);
    const { memberId } = await addMember(h, m);
    const granted = await h.call('POST', path(`/members/${memberId}/features`), { key: m.ownerKey, body: { feature: 'voicemail' } });
    expectStatus(granted, 201);
    expect(granted.body).toEqual({ grantId: expect.any(String), chargedMinor: 500, position: expect.any(Number) });
    const number = await h.call('POST', path(`/members/${memberId}/features`), {
      key: m.ownerKey,
      body: { feature: 'online-number', options: { number: '+33612345678' } },
    });
    expectStatus(number, 201);
    expect(number.body.chargedMinor).toBe(600);
    const revoked = await h.call('DELETE', path(`/members/${memberId}/features/${granted.body.grantId}`), { key: m.ownerKey });
    expectStatus(revoked, 200);
    expectPosition(revoked.body);
  });
});

describe('Usage', () => {
  it('charges records (200), reports refusals per record, and accepts a record sent again without charging it twice', async () => {
    await buy(h, m, 10_000);
    const { memberId } = await addMember(h, m);
    await h.call('POST', path('/credit/allocations'), { key: m.ownerKey, body: { to: { memberId }, amountMinor: 100 } });
    const record = (usageId: string, costMinor: number) => ({
      usageId,
      memberId,
      kind: 'call',
      destination: '+33612345678',
      startedAt: '2025-03-15T09:00:00.000Z',
      durationSeconds: 60,
      costMinor,
    });
    const first = await h.call('POST', path('/usage'), { key: m.ownerKey, body: { records: [record('u-1', 30), record('u-2', 500)] } });
    expectStatus(first, 200);
    expect(first.body).toEqual({
      accepted: ['u-1'],
      rejected: [{ usageId: 'u-2', reason: 'insufficient-credit' }],
      duplicates: [],
      position: expect.any(Number),
    });
    const again = await h.call('POST', path('/usage'), { key: m.ownerKey, body: { records: [record('u-1', 30), record('u-3', 20)] } });
    expectStatus(again, 200);
    expect(again.body).toMatchObject({ accepted: ['u-1', 'u-3'], rejected: [], duplicates: ['u-1'] });
    const balance = await h.api.commands.read(m.managerId, ({ ledger }) => (ledger.status === 'open' ? ledger.members[memberId].balanceMinor : -1));
    expect(balance).toBe(50);
  });

  it('records 1,000 records in one request (the most it takes, written in parts as one append), and replays its answer to a retry with the same Idempotency-Key', async () => {
    await buy(h, m, 100_000);
    const { memberId } = await addMember(h, m);
    await h.call('POST', path('/credit/allocations'), { key: m.ownerKey, body: { to: { memberId }, amountMinor: 50_000 } });
    const records = Array.from({ length: 1000 }, (_, i) => ({
      usageId: `bulk-${i}`,
      memberId,
      kind: 'call',
      destination: '+33612345678',
      startedAt: '2025-03-15T09:00:00.000Z',
      durationSeconds: 60,
      costMinor: 60,
    }));
    const head = await h.head();
    const send = () => h.call('POST', path('/usage'), { key: m.ownerKey, body: { records }, headers: { 'idempotency-key': 'bulk-batch-1' } });
    const first = await send();
    expectStatus(first, 200);
    // 50,000 pays for 833 calls at 60; the other 167 are refused, in order.
    expect(first.body.accepted).toEqual(records.slice(0, 833).map((r) => r.usageId));
    expect(first.body.rejected).toEqual(records.slice(833).map((r) => ({ usageId: r.usageId, reason: 'insufficient-credit' })));
    expect(first.body.duplicates).toEqual([]);
    // One event per record and the idempotency record, all in one append.
    expect(first.body.position).toBe(head + 1001);

    const again = await send();
    expectStatus(again, 200);
    expect(again.body).toEqual(first.body);
    expect(await h.head()).toBe(first.body.position);
    const balance = await h.api.commands.read(m.managerId, ({ ledger }) => (ledger.status === 'open' ? ledger.members[memberId].balanceMinor : -1));
    expect(balance).toBe(20);
  });

  it('authorizes a call (200) with the most the member may spend, appending nothing', async () => {
    await buy(h, m, 10_000);
    const { memberId } = await addMember(h, m);
    await h.call('POST', path('/credit/allocations'), { key: m.ownerKey, body: { to: { memberId }, amountMinor: 700 } });
    const head = await h.head();
    const answer = await h.call('POST', path('/usage/authorizations'), {
      key: m.ownerKey,
      body: { memberId, destination: '+33612345678' },
    });
    expectStatus(answer, 200);
    expect(answer.body).toEqual({ allowed: true, maxSpendMinor: 700 });
    expect(await h.head()).toBe(head);
  });
});

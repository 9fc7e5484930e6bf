import { addMember, buy, createDepartment, expectProblem, expectStatus, invite, setUpManager, unique, type ManagerSetUp } from './support/scenario';
import { START, startApi, type Harness } from './support/harness';

/** Business rules that refuse a command: 422, the rule's name at the end of `type`, nothing appended. */
let h: Harness;
let m: ManagerSetUp;
const path = (suffix = '') => `/v1/managers/${m.managerId}${suffix}`;

beforeAll(async () => {
  h = await startApi();
  m = await setUpManager(h);
});
afterAll(() => h?.close());
afterEach(() => h.clock.set(START));

async function expectRefused(
  call: () => ReturnType<Harness['call']>,
  rule: string,
): Promise<Record<string, unknown>> {
  const head = await h.head();
  const answer = await call();
  expectProblem(answer, 422, rule);
  expect(answer.body.rule).toBe(rule);
  expect(await h.head()).toBe(head);
  return answer.body;
}

describe('When the money is not there', () => {
  it('refuses an allocation larger than the company pool: insufficient-credit, with what is available', async () => {
    const fresh = await setUpManager(h);
    await buy(h, fresh, 1000);
    const { memberId } = await addMember(h, fresh);
    const body = await expectRefused(
      () =>
        h.call('POST', `/v1/managers/${fresh.managerId}/credit/allocations`, {
          key: fresh.ownerKey,
          body: { to: { memberId }, amountMinor: 1001 },
        }),
      'insufficient-credit',
    );
    expect(body).toMatchObject({ availableMinor: 1000, requestedMinor: 1001 });
  });

  it('refuses a feature the company pool cannot pay for: insufficient-credit', async () => {
    const fresh = await setUpManager(h);
    const { memberId } = await addMember(h, fresh);
    await expectRefused(
      () =>
        h.call('POST', `/v1/managers/${fresh.managerId}/members/${memberId}/features`, {
          key: fresh.ownerKey,
          body: { feature: 'subscription' },
        }),
      'insufficient-credit',
    );
  });

  it('refuses a purchase in another currency than the Manager’s: currency-mismatch', async () => {
    const body = await expectRefused(
      () =>
        h.call('POST', path('/credit/purchases'), {
          key: m.ownerKey,
          body: { amountMinor: 1000, currency: 'USD', paymentReference: unique('pay') },
        }),
      'currency-mismatch',
    );
    expect(body.currency).toBe('EUR');
  });

  it('refuses the same payment reference twice: duplicate-payment-reference', async () => {
    const paymentReference = unique('pay');
    const first = await h.call('POST', path('/credit/purchases'), {
      key: m.ownerKey,
      body: { amountMinor: 1000, currency: 'EUR', paymentReference },
    });
    expectStatus(first, 201);
    await expectRefused(
      () => h.call('POST', path('/credit/purchases'), { key: m.ownerKey, body: { amountMinor: 1000, currency: 'EUR', paymentReference } }),
      'duplicate-payment-reference',
    );
  });
});

describe('When a member may not spend', () => {
  const record = (memberId: string, usageId: string, destination: string, costMinor: number) => ({
    usageId,
    memberId,
    kind: 'call',
    destination,
    startedAt: START,
    durationSeconds: 60,
    costMinor,
  });

  it('refuses usage over the monthly cap per record (monthly-spend-limit-reached), and says so before the call', async () => {
    await buy(h, m, 10_000);
    const { memberId } = await addMember(h, m);
    await h.call('POST', path('/credit/allocations'), { key: m.ownerKey, body: { to: { memberId }, amountMinor: 5000 } });
    await h.call('PUT', path(`/members/${memberId}/permissions`), {
      key: m.ownerKey,
      body: { features: [], destinations: 'international', monthlySpendLimitMinor: 100 },
    });
    const usage = await h.call('POST', path('/usage'), {
      key: m.ownerKey,
      body: { records: [record(memberId, unique('u'), '+33612345678', 80), record(memberId, 'over-cap', '+33612345678', 30)] },
    });
    expectStatus(usage, 200);
    expect(usage.body.rejected).toEqual([{ usageId: 'over-cap', reason: 'monthly-spend-limit-reached' }]);
    const authorization = await h.call('POST', path('/usage/authorizations'), {
      key: m.ownerKey,
      body: { memberId, destination: '+33612345678' },
    });
    expect(authorization.body).toEqual({ allowed: true, maxSpendMinor: 20 });
  });

  it('refuses a destination the permissions do not allow (destination-not-allowed), per record and before the call', async () => {
    await buy(h, m, 10_000);
    const { memberId } = await addMember(h, m);
    await h.call('POST', path('/credit/allocations'), { key: m.ownerKey, body: { to: { memberId }, amountMinor: 5000 } });
    await h.call('PUT', path(`/members/${memberId}/permissions`), {
      key: m.ownerKey,
      body: { features: [], destinations: 'domestic' },
    });
    const usage = await h.call('POST', path('/usage'), {
      key: m.ownerKey,
      body: { records: [record(memberId, 'abroad', '+14155552671', 10)] },
    });
    expect(usage.body.rejected).toEqual([{ usageId: 'abroad', reason: 'destination-not-allowed' }]);
    const authorization = await h.call('POST', path('/usage/authorizations'), {
      key: m.ownerKey,
      body: { memberId, destination: '+14155552671' },
    });
    expect(authorization.body).toEqual({ allowed: false, maxSpendMinor: 0, reason: 'destination-not-allowed' });
  });

  it('refuses a feature the member is not permitted: feature-not-permitted', async () => {
    await buy(h, m, 10_000);
    const { memberId } = await addMember(h, m);
    await h.call('PUT', path(`/members/${memberId}/permissions`), { key: m.ownerKey, body: { features: ['voicemail'], destinations: 'none' } });
    await expectRefused(
      () => h.call('POST', path(`/members/${memberId}/features`), { key: m.ownerKey, body: { feature: 'caller-id' } }),
      'feature-not-permitted',
    );
  });

  it('refuses an online number already assigned: number-already-assigned', async () => {
    await buy(h, m, 10_000);
    const first = await addMember(h, m);
    const second = await addMember(h, m);
    const body = { feature: 'online-number', options: { number: '+33198765432' } };
    expectStatus(await h.call('POST', path(`/members/${first.memberId}/features`), { key: m.ownerKey, body }), 201);
    await expectRefused(
      () => h.call('POST', path(`/members/${second.memberId}/features`), { key: m.ownerKey, body }),
      'number-already-assigned',
    );
  });
});

describe('When an invitation is no longer valid', () => {
  it('refuses an invitation accepted after 30 days: invitation-expired', async () => {
    const invited = await invite(h, m);
    h.clock.advanceDays(31);
    const body = await expectRefused(() => h.call('POST', `/v1/invitations/${invited.invitationToken}/accept`), 'invitation-expired');
    expect(body.expiresAt).toBe(invited.expiresAt);
  });

  it('refuses to accept an invitation twice: invitation-not-pending', async () => {
    const invited = await invite(h, m);
    expectStatus(await h.call('POST', `/v1/invitations/${invited.invitationToken}/accept`), 200);
    await expectRefused(() => h.call('POST', `/v1/invitations/${invited.invitationToken}/decline`), 'invitation-not-pending');
  });

  it('answers 404 for a token that was never issued, and nothing is appended', async () => {
    const invited = await invite(h, m);
    const forged = `${invited.memberId}.${'A'.repeat(43)}`;
    const head = await h.head();
    expectProblem(await h.call('POST', `/v1/invitations/${forged}/accept`), 404, 'invitation-not-found');
    expectProblem(await h.call('POST', '/v1/invitations/not-a-token/decline'), 404, 'invitation-not-found');
    expect(await h.head()).toBe(head);
  });
});

describe('When the Manager would be left without an owner or a department with members', () => {
  it('refuses to remove the last owner: last-owner', async () => {
    await expectRefused(() => h.call('DELETE', path(`/administrators/${m.administratorId}`), { key: m.ownerKey }), 'last-owner');
  });

  it('refuses to close a department that has members: department-has-members', async () => {
    const departmentId = await createDepartment(h, m);
    await addMember(h, m, { departmentId });
    await expectRefused(() => h.call('DELETE', path(`/departments/${departmentId}`), { key: m.ownerKey }), 'department-has-members');
  });

  it('answers 404 for what does not exist in this Manager, appending nothing', async () => {
    const head = await h.head();
    const unknown = '01900000-0000-7000-8000-000000000000';
    expectProblem(await h.call('DELETE', path(`/members/${unknown}`), { key: m.ownerKey }), 404, 'member-not-found');
    expectProblem(await h.call('PATCH', path(`/departments/${unknown}`), { key: m.ownerKey, body: { name: 'x' } }), 404, 'department-not-found');
    expectProblem(await h.call('DELETE', path('/members/not-a-uuid')), 401);
    expectProblem(await h.call('DELETE', path('/members/not-a-uuid'), { key: m.ownerKey }), 404, 'member-not-found');
    expect(await h.head()).toBe(head);
  });
});

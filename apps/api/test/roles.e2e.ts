import { COMMAND_ENDPOINT_NAMES, commandEndpoints } from './support/endpoints';
import { populatedManager } from './support/populated-manager';
import { addAdministrator, addMember, buy, createDepartment, expectProblem, expectStatus, invite, setUpManager } from './support/scenario';
import { startApi, type Harness } from './support/harness';

/**
 * Who may do what. Owners: everything. Admins: everything but managing administrators.
 * Department admins: members, invitations, credit and features of their own department.
 * Auditors and reporters: reads only. Members: no commands.
 */
const MANAGE_ADMINISTRATORS = ['add administrator', 'remove administrator'];
const MANAGE_COMPANY = [
  'update details',
  'set catalogue',
  'create department',
  'rename department',
  'close department',
  'move member',
  'purchase credit',
  'record usage',
];

const FORBIDDEN: Record<string, string[]> = {
  admin: MANAGE_ADMINISTRATORS,
  'department-admin': [...MANAGE_ADMINISTRATORS, ...MANAGE_COMPANY],
  auditor: COMMAND_ENDPOINT_NAMES,
  reporter: COMMAND_ENDPOINT_NAMES,
  member: COMMAND_ENDPOINT_NAMES,
};

let h: Harness;
let m: Awaited<ReturnType<typeof populatedManager>>;
const keys: Record<string, string> = {};

beforeAll(async () => {
  h = await startApi();
  m = await populatedManager(h);
  for (const role of ['admin', 'auditor', 'reporter']) keys[role] = (await addAdministrator(h, m, role)).apiKey;
  keys['department-admin'] = (await addAdministrator(h, m, 'department-admin', m.departmentId)).apiKey;
  keys.member = m.memberKey;
});
afterAll(() => h?.close());

describe('The roles matrix', () => {
  const rows = Object.entries(FORBIDDEN).flatMap(([role, names]) => names.map((name) => [role, name] as const));

  it.each(rows)('a %s may not %s: 403, nothing appended', async (role, name) => {
    const endpoint = commandEndpoints(m).find((e) => e.name === name)!;
    const head = await h.head();
    const answer = await h.call(endpoint.method, endpoint.path, { key: keys[role], body: endpoint.body });
    expectProblem(answer, 403, 'forbidden');
    expect(await h.head()).toBe(head);
  });

  it.each(['admin', 'department-admin', 'auditor', 'reporter'])('a %s may read the catalogue', async (role) => {
    expectStatus(await h.call('GET', `/v1/managers/${m.managerId}/catalogue`, { key: keys[role] }), 200);
  });

  it('a member may not read the catalogue (403)', async () => {
    expectProblem(await h.call('GET', `/v1/managers/${m.managerId}/catalogue`, { key: keys.member }), 403);
  });

  it('an admin may do what owners do besides administrators, e.g. buy credit', async () => {
    const answer = await h.call('POST', `/v1/managers/${m.managerId}/credit/purchases`, {
      key: keys.admin,
      body: { amountMinor: 100, currency: 'EUR', paymentReference: `admin-${Date.now()}` },
    });
    expectStatus(answer, 201);
  });
});

describe('A department admin', () => {
  let other: string;
  let memberHere: string;
  let memberThere: string;
  const path = (suffix: string) => `/v1/managers/${m.managerId}${suffix}`;

  beforeAll(async () => {
    other = await createDepartment(h, m);
    await buy(h, m, 50_000);
    memberHere = (await addMember(h, m, { departmentId: m.departmentId })).memberId;
    memberThere = (await addMember(h, m, { departmentId: other })).memberId;
    await h.call('POST', path('/credit/allocations'), { key: m.ownerKey, body: { to: { departmentId: m.departmentId }, amountMinor: 5000 } });
    await h.call('POST', path('/credit/allocations'), { key: m.ownerKey, body: { to: { memberId: memberThere }, amountMinor: 500 } });
  });

  async function expectForbidden(method: string, suffix: string, body?: unknown): Promise<void> {
    const head = await h.head();
    expectProblem(await h.call(method, path(suffix), { key: keys['department-admin'], body }), 403, 'forbidden');
    expect(await h.head()).toBe(head);
  }

  it('invites into its own department (by default) but not into another', async () => {
    const invited = await h.call('POST', path('/invitations'), {
      key: keys['department-admin'],
      body: { email: 'new@architectes.fr', displayName: 'New' },
    });
    expectStatus(invited, 201);
    const department = await h.api.commands.read(m.managerId, ({ ledger }) =>
      ledger.status === 'open' ? ledger.members[invited.body.memberId].departmentId : null,
    );
    expect(department).toBe(m.departmentId);
    await expectForbidden('POST', '/invitations', { email: 'x@architectes.fr', displayName: 'X', departmentId: other });
  });

  it('allocates from its department budget to its members, never from the company pool', async () => {
    const answer = await h.call('POST', path('/credit/allocations'), {
      key: keys['department-admin'],
      body: { from: { departmentId: m.departmentId }, to: { memberId: memberHere }, amountMinor: 100 },
    });
    expectStatus(answer, 201);
    await expectForbidden('POST', '/credit/allocations', { to: { memberId: memberHere }, amountMinor: 100 });
    await expectForbidden('POST', '/credit/allocations', { from: { departmentId: other }, to: { memberId: memberThere }, amountMinor: 1 });
  });

  it("manages its own members and leaves other departments' members alone", async () => {
    expectStatus(
      await h.call('PUT', path(`/members/${memberHere}/permissions`), {
        key: keys['department-admin'],
        body: { features: ['voicemail'], destinations: 'domestic' },
      }),
      200,
    );
    await expectForbidden('PUT', `/members/${memberThere}/permissions`, { features: [], destinations: 'none' });
    await expectForbidden('PUT', `/members/${memberThere}/auto-allocation`, { topUpToMinor: 100, whenBelowMinor: 1 });
    await expectForbidden('POST', `/members/${memberThere}/features`, { feature: 'caller-id' });
    await expectForbidden('POST', '/credit/reclaims', { from: { memberId: memberThere } });
    await expectForbidden('POST', '/credit/reclaims', { from: { departmentId: other } });
    await expectForbidden('POST', '/usage/authorizations', { memberId: memberThere, destination: '+33612345678' });
    await expectForbidden('DELETE', `/members/${memberThere}`);
    const pending = await invite(h, m, { departmentId: other });
    await expectForbidden('POST', `/invitations/${pending.memberId}/resend`);
    await expectForbidden('DELETE', `/invitations/${pending.memberId}`);
  });
});

describe('Authentication', () => {
  it('answers 401 without a key, with a malformed key, and with a key whose secret is wrong', async () => {
    const path = `/v1/managers/${m.managerId}/departments`;
    const forged = m.ownerKey.replace(/_[^_]+$/, `_${'A'.repeat(43)}`);
    for (const key of [undefined, 'nonsense', forged]) {
      const answer = await h.call('POST', path, { key, body: { name: 'x' } });
      expectProblem(answer, 401, 'unauthorized');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('stops accepting the key of a removed member', async () => {
    const { memberId, memberKey } = await addMember(h, m);
    expectProblem(await h.call('GET', `/v1/managers/${m.managerId}/catalogue`, { key: memberKey }), 403);
    expectStatus(await h.call('DELETE', `/v1/managers/${m.managerId}/members/${memberId}`, { key: m.ownerKey }), 200);
    expectProblem(await h.call('GET', `/v1/managers/${m.managerId}/catalogue`, { key: memberKey }), 401);
  });
});

describe('When verified keys are cached for long (AUTH_CACHE_MS=300000)', () => {
  let cached: Harness;
  beforeAll(async () => {
    cached = await startApi({ authCacheMs: 300_000 });
  });
  afterAll(() => cached?.close());

  it('refuses the key of a removed administrator or member at once, though it was just verified', async () => {
    const company = await setUpManager(cached);
    const catalogue = `/v1/managers/${company.managerId}/catalogue`;
    const admin = await addAdministrator(cached, company, 'admin');
    const { memberId, memberKey } = await addMember(cached, company);
    expectStatus(await cached.call('GET', catalogue, { key: admin.apiKey }), 200);
    expectProblem(await cached.call('GET', catalogue, { key: memberKey }), 403);

    const removeAdmin = `/v1/managers/${company.managerId}/administrators/${admin.administratorId}`;
    expectStatus(await cached.call('DELETE', removeAdmin, { key: company.ownerKey }), 200);
    expectProblem(await cached.call('GET', catalogue, { key: admin.apiKey }), 401, 'unauthorized');
    expectStatus(await cached.call('DELETE', `/v1/managers/${company.managerId}/members/${memberId}`, { key: company.ownerKey }), 200);
    expectProblem(await cached.call('GET', catalogue, { key: memberKey }), 401, 'unauthorized');
    // The others' keys are still served from the cache.
    expectStatus(await cached.call('GET', catalogue, { key: company.ownerKey }), 200);
  });
});

describe('When the server sets a sign-up token', () => {
  let guarded: Harness;
  beforeAll(async () => {
    guarded = await startApi({ signupToken: 'a-sign-up-token-of-some-length' });
  });
  afterAll(() => guarded?.close());

  it('sets up a Manager only with that token', async () => {
    const body = { name: 'Guarded', adminAccount: `guarded.${Date.now()}`, currency: 'EUR', country: 'FR' };
    expectProblem(await guarded.call('POST', '/v1/managers', { body }), 401);
    expectProblem(await guarded.call('POST', '/v1/managers', { key: 'wrong-token-of-some-length', body }), 401);
    expectStatus(await guarded.call('POST', '/v1/managers', { key: 'a-sign-up-token-of-some-length', body }), 201);
  });

  it('leaves sign-up open when no token is set', async () => {
    expect((await setUpManager(h)).managerId).toBeTruthy();
  });
});

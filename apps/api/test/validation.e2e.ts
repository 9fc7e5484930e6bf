import { expectProblem, setUpManager, unique, type ManagerSetUp } from './support/scenario';
import { startApi, type Harness } from './support/harness';
import { addMember, buy } from './support/scenario';

/** Bad input is refused with 400 problem+json naming the field, before anything is decided or appended. */
let h: Harness;
let m: ManagerSetUp;
let memberId: string;

beforeAll(async () => {
  h = await startApi();
  m = await setUpManager(h);
  await buy(h, m, 10_000);
  memberId = (await addMember(h, m)).memberId;
});
afterAll(() => h?.close());

const purchase = (body: unknown) => ({ method: 'POST', suffix: '/credit/purchases', body });
const valid = { amountMinor: 100, currency: 'EUR', paymentReference: 'ref-1' };
const usageRecord = (overrides: Record<string, unknown> = {}) => ({
  usageId: 'u1',
  memberId: '01900000-0000-7000-8000-000000000000',
  kind: 'call',
  destination: '+33612345678',
  startedAt: '2025-03-15T09:00:00.000Z',
  durationSeconds: 60,
  costMinor: 10,
  ...overrides,
});

interface BadInput {
  name: string;
  method: string;
  suffix: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** A field expected among `errors`. */
  field?: string;
  type?: string;
}

const cases: BadInput[] = [
  { name: 'malformed JSON', method: 'POST', suffix: '/credit/purchases', raw: '{"amountMinor": 1', field: 'body', type: 'malformed-json' },
  { name: 'an empty body', method: 'POST', suffix: '/departments', raw: '', field: 'name' },
  { name: 'an unknown field', ...purchase({ ...valid, discount: 5 }), field: 'discount' },
  { name: 'an unknown nested field', method: 'POST', suffix: '/credit/allocations', body: { to: { memberId: 'x', team: 'y' }, amountMinor: 1 }, field: 'to.team' },
  { name: 'a float amount', ...purchase({ ...valid, amountMinor: 10.5 }), field: 'amountMinor' },
  { name: 'a negative amount', ...purchase({ ...valid, amountMinor: -100 }), field: 'amountMinor' },
  { name: 'a zero amount', ...purchase({ ...valid, amountMinor: 0 }), field: 'amountMinor' },
  { name: 'a huge amount', ...purchase({ ...valid, amountMinor: 1_000_000_000_001 }), field: 'amountMinor' },
  { name: 'an unsafe integer amount', ...purchase({ ...valid, amountMinor: 2 ** 60 }), field: 'amountMinor' },
  { name: 'a string amount', ...purchase({ ...valid, amountMinor: '100' }), field: 'amountMinor' },
  { name: 'a missing amount', ...purchase({ currency: 'EUR', paymentReference: 'r' }), field: 'amountMinor' },
  { name: 'a missing body', method: 'POST', suffix: '/credit/purchases', field: 'amountMinor' },
  { name: 'an array body', ...purchase([valid]) },
  { name: 'a lower-case currency', ...purchase({ ...valid, currency: 'eur' }), field: 'currency' },
  { name: 'an unknown currency code', ...purchase({ ...valid, currency: 'ZZZ' }), field: 'currency' },
  { name: 'a name over 200 characters', method: 'POST', suffix: '/departments', body: { name: 'x'.repeat(201) }, field: 'name' },
  { name: 'a blank name', method: 'POST', suffix: '/departments', body: { name: '   ' }, field: 'name' },
  { name: 'a number as name', method: 'POST', suffix: '/departments', body: { name: 42 }, field: 'name' },
  { name: 'an unknown role', method: 'POST', suffix: '/administrators', body: { account: 'a', role: 'god' }, field: 'role' },
  { name: 'an allocation to both a member and a department', method: 'POST', suffix: '/credit/allocations', body: { to: { memberId: '01900000-0000-7000-8000-000000000000', departmentId: '01900000-0000-7000-8000-000000000001' }, amountMinor: 1 }, field: 'to' },
  { name: 'an allocation target that is not an object', method: 'POST', suffix: '/credit/allocations', body: { to: 'everyone', amountMinor: 1 }, field: 'to' },
  { name: 'an allocation from a member', method: 'POST', suffix: '/credit/allocations', body: { from: { memberId: 'x' }, to: { memberId: 'y' }, amountMinor: 1 }, field: 'from.memberId' },
  { name: 'an unknown feature', method: 'PUT', suffix: '/catalogue', body: { prices: { teleportation: 5 } }, field: 'prices.teleportation' },
  { name: 'an unknown destination policy', method: 'PUT', suffix: '/members/MEMBER/permissions', body: { features: [], destinations: 'moon' }, field: 'destinations' },
  { name: 'more than 1000 usage records', method: 'POST', suffix: '/usage', body: { records: Array.from({ length: 1001 }, (_, i) => usageRecord({ usageId: `u${i}` })) }, field: 'records' },
  { name: 'no usage records', method: 'POST', suffix: '/usage', body: { records: [] }, field: 'records' },
  { name: 'a usage record with a float cost', method: 'POST', suffix: '/usage', body: { records: [usageRecord(), usageRecord({ costMinor: 1.5 })] }, field: 'records[1].costMinor' },
  { name: 'a usage record without a date', method: 'POST', suffix: '/usage', body: { records: [usageRecord({ startedAt: '2025-03-15' })] }, field: 'records[0].startedAt' },
  { name: 'a usage record that is not an object', method: 'POST', suffix: '/usage', body: { records: [5] }, field: 'records[0]' },
  { name: 'an auto-allocation that is not an object', method: 'PUT', suffix: '/members/MEMBER/auto-allocation', raw: '"top up"' },
  { name: 'an auto-allocation threshold above its target', method: 'PUT', suffix: '/members/MEMBER/auto-allocation', body: { topUpToMinor: 100, whenBelowMinor: 500 }, field: 'whenBelowMinor' },
  { name: 'a wrong content type', method: 'POST', suffix: '/departments', raw: 'name=Sales', headers: { 'content-type': 'application/x-www-form-urlencoded' }, type: 'unsupported-media-type' },
  { name: 'a text body', method: 'POST', suffix: '/departments', raw: '{"name":"Sales"}', headers: { 'content-type': 'text/plain' }, type: 'unsupported-media-type' },
  { name: 'an oversized body', method: 'POST', suffix: '/departments', body: { name: 'Sales', padding: 'x'.repeat(1024 * 1024) }, type: 'body-too-large' },
  { name: 'a body on a command that takes none', method: 'POST', suffix: '/invitations/MEMBER/resend', body: { extra: true }, field: 'extra' },
  { name: 'a prototype-polluting body', method: 'POST', suffix: '/departments', raw: '{"name":"x","__proto__":{"admin":true}}' },
  { name: 'a bad minPosition', method: 'GET', suffix: '/catalogue?minPosition=-1', field: 'minPosition' },
];

describe('When the input is bad', () => {
  it.each(cases.map((c) => [c.name, c] as const))('refuses %s with 400, appending nothing', async (_name, bad) => {
    const head = await h.head();
    const path = `/v1/managers/${m.managerId}${bad.suffix.replace('MEMBER', memberId)}`;
    const answer = await h.call(bad.method, path, {
      key: m.ownerKey,
      body: bad.body,
      raw: bad.raw,
      headers: bad.headers ?? (bad.body === undefined && bad.raw === undefined ? {} : undefined),
    });
    expectProblem(answer, 400, bad.type);
    expect(answer.body.errors).toEqual(expect.arrayContaining([{ field: expect.any(String), message: expect.any(String) }]));
    if (bad.field) expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(bad.field);
    expect(await h.head()).toBe(head);
  });

  it('accepts the same request once it is right (the table above is one fix away from valid)', async () => {
    const answer = await h.call('POST', `/v1/managers/${m.managerId}/credit/purchases`, {
      key: m.ownerKey,
      body: { ...valid, paymentReference: unique('ref') },
    });
    expect(answer.status).toBe(201);
  });
});

import type { Answer, Harness } from './harness';

let sequence = 0;
/** A name no other test of the run uses (account names are unique across Managers). */
export const unique = (prefix: string) => `${prefix}.${process.pid}.${++sequence}.${Date.now().toString(36)}`;

/** Fails with the whole answer in view when the status is not the expected one. */
export function expectStatus(answer: Answer, status: number): void {
  if (answer.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${answer.status}: ${answer.text}`);
  }
}

/** A problem+json answer of this status whose type ends in `name`. */
export function expectProblem(answer: Answer, status: number, name?: string): void {
  expectStatus(answer, status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(answer.body.type).toMatch(/^https:\/\/skype-manager\.dev\/problems\//);
  if (name) expect(answer.body.type).toBe(`https://skype-manager.dev/problems/${name}`);
}

export interface ManagerSetUp {
  managerId: string;
  administratorId: string;
  ownerKey: string;
}

export async function setUpManager(h: Harness, body: Record<string, unknown> = {}): Promise<ManagerSetUp> {
  const answer = await h.call('POST', '/v1/managers', {
    body: { name: 'Architectes', adminAccount: unique('admin'), currency: 'EUR', country: 'FR', ...body },
  });
  expectStatus(answer, 201);
  return { managerId: answer.body.managerId, administratorId: answer.body.administratorId, ownerKey: answer.body.apiKey };
}

export async function createDepartment(h: Harness, m: ManagerSetUp, name = unique('dept')): Promise<string> {
  const answer = await h.call('POST', `/v1/managers/${m.managerId}/departments`, { key: m.ownerKey, body: { name } });
  expectStatus(answer, 201);
  return answer.body.departmentId;
}

export async function buy(h: Harness, m: ManagerSetUp, amountMinor: number): Promise<void> {
  const answer = await h.call('POST', `/v1/managers/${m.managerId}/credit/purchases`, {
    key: m.ownerKey,
    body: { amountMinor, currency: 'EUR', paymentReference: unique('pay') },
  });
  expectStatus(answer, 201);
}

export interface Member {
  memberId: string;
  memberKey: string;
}

export async function invite(
  h: Harness,
  m: ManagerSetUp,
  body: Record<string, unknown> = {},
): Promise<{ memberId: string; invitationToken: string; expiresAt: string }> {
  const answer = await h.call('POST', `/v1/managers/${m.managerId}/invitations`, {
    key: m.ownerKey,
    body: { account: unique('member'), displayName: 'Claire Dubois', ...body },
  });
  expectStatus(answer, 201);
  return answer.body;
}

export async function addMember(h: Harness, m: ManagerSetUp, body: Record<string, unknown> = {}): Promise<Member> {
  const { memberId, invitationToken } = await invite(h, m, body);
  const accepted = await h.call('POST', `/v1/invitations/${invitationToken}/accept`, { body: {} });
  expectStatus(accepted, 200);
  return { memberId, memberKey: accepted.body.apiKey };
}

export async function allocateToMember(h: Harness, m: ManagerSetUp, memberId: string, amountMinor: number) {
  const answer = await h.call('POST', `/v1/managers/${m.managerId}/credit/allocations`, {
    key: m.ownerKey,
    body: { to: { memberId }, amountMinor },
  });
  expectStatus(answer, 201);
}

export async function addAdministrator(
  h: Harness,
  m: ManagerSetUp,
  role: string,
  departmentId?: string,
): Promise<{ administratorId: string; apiKey: string }> {
  const answer = await h.call('POST', `/v1/managers/${m.managerId}/administrators`, {
    key: m.ownerKey,
    body: { account: unique(role), role, ...(departmentId ? { departmentId } : {}) },
  });
  expectStatus(answer, 201);
  return answer.body;
}

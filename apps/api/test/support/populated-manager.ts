import type { Harness } from './harness';
import type { ManagerIds } from './endpoints';
import { addMember, buy, createDepartment, expectStatus, invite, setUpManager, type ManagerSetUp } from './scenario';

/** A Manager with a department, an active member with credit and a feature, a pending invitation. */
export async function populatedManager(h: Harness): Promise<ManagerSetUp & ManagerIds & { memberKey: string }> {
  const m = await setUpManager(h);
  await buy(h, m, 100_000);
  const departmentId = await createDepartment(h, m);
  const { memberId, memberKey } = await addMember(h, m, { departmentId });
  const allocated = await h.call('POST', `/v1/managers/${m.managerId}/credit/allocations`, {
    key: m.ownerKey,
    body: { to: { memberId }, amountMinor: 5000 },
  });
  expectStatus(allocated, 201);
  const granted = await h.call('POST', `/v1/managers/${m.managerId}/members/${memberId}/features`, {
    key: m.ownerKey,
    body: { feature: 'voicemail' },
  });
  expectStatus(granted, 201);
  const invited = await invite(h, m, { departmentId });
  return { ...m, departmentId, memberId, memberKey, invitedMemberId: invited.memberId, grantId: granted.body.grantId };
}

import { CommandService, type CommandRequest } from '@skype-manager/application';
import type { Command } from '@skype-manager/domain';
import type { EventStore } from '@skype-manager/event-store';

/**
 * Builds a Manager's history the way the API would: real commands through the CommandService, so
 * the log holds what production holds (manager, member, ledger, account-name and idempotency
 * streams, appended atomically with their hash chain). Each step is decided one minute after the
 * previous one, from `startAt`.
 */
export interface RealisticLog {
  managerId: string;
  members: string[];
  departments: string[];
  /** The instant each step was decided at, in order. */
  instants: string[];
}

export async function writeRealisticLog(
  store: EventStore,
  managerId: string,
  options: { startAt?: string; members?: number; usageRounds?: number } = {},
): Promise<RealisticLog> {
  const service = new CommandService(store);
  const instants: string[] = [];
  let clockMs = Date.parse(options.startAt ?? '2025-03-01T09:00:00.000Z');
  let step = 0;
  const run = async (type: Command['type'], data: Record<string, unknown>, idempotencyKey?: string): Promise<void> => {
    const now = new Date(clockMs).toISOString();
    clockMs += 60_000;
    instants.push(now);
    step += 1;
    const request: CommandRequest = {
      command: { type, data: { managerId, ...data }, metadata: { now } } as Command,
      actor: 'administrator:owner',
      correlationId: `${managerId}-step-${step}`,
      answer: () => ({ step }),
      ...(idempotencyKey ? { idempotency: { scope: managerId, key: idempotencyKey, requestHash: `hash-${step}` } } : {}),
    };
    await service.execute(request);
  };

  const members = Array.from({ length: options.members ?? 3 }, (_, i) => `${managerId}-m${i}`);
  const departments = [`${managerId}-sales`, `${managerId}-support`];
  await run('SetUpManager', {
    administratorId: `${managerId}-owner`,
    name: `Company ${managerId}`,
    adminAccount: `admin.${managerId}`,
    currency: 'EUR',
    country: 'FR',
    apiKeyHash: 'a'.repeat(64),
  });
  for (const departmentId of departments) await run('CreateDepartment', { departmentId, name: departmentId });
  for (const [i, memberId] of members.entries()) {
    await run('InviteMember', {
      memberId,
      email: `${memberId}@example.com`,
      account: null,
      displayName: `Member ${i}`,
      departmentId: departments[i % departments.length],
      invitationTokenHash: `token-${memberId}`,
    });
    await run('AcceptInvitation', { memberId, invitationTokenHash: `token-${memberId}`, account: `skype.${memberId}`, apiKeyHash: `key-${memberId}` });
  }
  await run('PurchaseCredit', { purchaseId: `${managerId}-p1`, amountMinor: 100_000, currency: 'EUR', paymentReference: `${managerId}-pay-1` }, 'buy-1');
  await run('AllocateCredit', { allocationId: `${managerId}-a0`, from: { type: 'company' }, to: { type: 'department', departmentId: departments[0] }, amountMinor: 20_000 });
  for (const [i, memberId] of members.entries()) {
    await run('AllocateCredit', { allocationId: `${managerId}-a${i + 1}`, from: { type: 'company' }, to: { type: 'member', memberId }, amountMinor: 5_000 });
  }
  await run('GrantFeature', { grantId: `${managerId}-g1`, memberId: members[0], feature: 'voicemail', options: {} });
  for (let round = 0; round < (options.usageRounds ?? 2); round++) {
    const startedAt = new Date(clockMs - 30_000).toISOString();
    const records = members.map((memberId, i) => ({
      usageId: `${managerId}-u${round}-${i}`,
      memberId,
      kind: 'call',
      destination: '+33142685300',
      startedAt,
      durationSeconds: 60,
      costMinor: 150 + i,
    }));
    await run('RecordUsage', { records, topUpIds: records.map((r) => `top-${r.usageId}`) });
  }
  await run('ReclaimCredit', { reclaimId: `${managerId}-r1`, from: { type: 'member', memberId: members[1] }, amountMinor: 1_000 });
  await run('RemoveMember', { memberId: members[members.length - 1], reclaimId: `${managerId}-r2` });
  await service.close();
  return { managerId, members, departments, instants };
}

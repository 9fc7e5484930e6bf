/**
 * Deterministic seeding through the real command path (CommandService → decide → append): one
 * Manager with departments and active members who hold credit. Used by the usage and report benches.
 */
import type { CommandRequest, CommandService } from '@skype-manager/application';
import { MAX_AMOUNT_MINOR, type Command } from '@skype-manager/domain';
import { seededId } from './prng';

export interface SeededManager {
  managerId: string;
  departmentIds: string[];
  memberIds: string[];
  /** memberId → departmentId */
  departmentOf: Map<string, string>;
}

const HASH = (n: number): string => n.toString(16).padStart(64, '0');

export function commandRequest(command: Command, n: number): CommandRequest {
  return {
    command,
    actor: `administrator:${seededId(0xad, 1)}`,
    correlationId: seededId(0xc1, n),
    answer: () => ({}),
  };
}

/** Runs commands with at most `inFlight` waiting, so the writer batches them without a huge queue. */
async function executeAll(service: CommandService, commands: Command[], inFlight = 200): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < commands.length) {
      const n = next++;
      await service.execute(commandRequest(commands[n], n));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

export async function seedManager(
  service: CommandService,
  options: { managerNumber: number; members: number; departments: number; now: string; memberCreditMinor: number },
): Promise<SeededManager> {
  const { managerNumber, members, departments, now } = options;
  // The company buys twice what it hands out; one purchase is bounded by the domain (MAX_AMOUNT_MINOR).
  const purchaseMinor = options.memberCreditMinor * members * 2;
  if (!Number.isSafeInteger(purchaseMinor) || purchaseMinor > MAX_AMOUNT_MINOR) {
    throw new RangeError(
      `seedManager: ${members} members × ${options.memberCreditMinor} minor units × 2 is more than one purchase may be (${MAX_AMOUNT_MINOR}); give each member less credit`,
    );
  }
  const managerId = seededId(0x3a, managerNumber);
  const metadata = { now };
  const departmentIds = Array.from({ length: departments }, (_, d) => seededId(0xde + managerNumber * 0x1000, d));
  const memberIds = Array.from({ length: members }, (_, m) => seededId(0x3e00 + managerNumber, m));
  const departmentOf = new Map(memberIds.map((id, m) => [id, departmentIds[m % departments]]));
  await executeAll(service, [
    {
      type: 'SetUpManager',
      data: {
        managerId,
        administratorId: seededId(0xad, 1),
        name: `Bench company ${managerNumber}`,
        adminAccount: `admin.bench${managerNumber}`,
        currency: 'EUR',
        country: 'FR',
        apiKeyHash: HASH(1),
      },
      metadata,
    },
  ]);
  await executeAll(service, [
    {
      type: 'PurchaseCredit',
      data: {
        managerId,
        purchaseId: seededId(0xb0, managerNumber),
        amountMinor: purchaseMinor,
        currency: 'EUR',
        paymentReference: `bench-${managerNumber}`,
      },
      metadata,
    },
    ...departmentIds.map(
      (departmentId, d): Command => ({ type: 'CreateDepartment', data: { managerId, departmentId, name: `Department ${d}` }, metadata }),
    ),
  ]);
  await executeAll(
    service,
    memberIds.map(
      (memberId, m): Command => ({
        type: 'InviteMember',
        data: {
          managerId,
          memberId,
          email: `member${m}@bench${managerNumber}.example`,
          account: null,
          displayName: `Member ${m}`,
          departmentId: departmentOf.get(memberId)!,
          invitationTokenHash: HASH(1000 + m),
        },
        metadata,
      }),
    ),
  );
  await executeAll(
    service,
    memberIds.map(
      (memberId, m): Command => ({
        type: 'AcceptInvitation',
        data: { managerId, memberId, invitationTokenHash: HASH(1000 + m), account: `bench${managerNumber}.member${m}`, apiKeyHash: HASH(5000 + m) },
        metadata,
      }),
    ),
  );
  await executeAll(
    service,
    memberIds.map(
      (memberId, m): Command => ({
        type: 'AllocateCredit',
        data: {
          managerId,
          allocationId: seededId(0xa10 + managerNumber, m),
          from: { type: 'company' },
          to: { type: 'member', memberId },
          amountMinor: options.memberCreditMinor,
        },
        metadata,
      }),
    ),
  );
  return { managerId, departmentIds, memberIds, departmentOf };
}

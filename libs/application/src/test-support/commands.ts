import { v7 as uuidv7 } from 'uuid';
import type { Command, Decision } from '@skype-manager/domain';
import type { CommandRequest } from '../command-request';

export const NOW = '2026-11-15T10:00:00.000Z';

/** Wraps a domain command the way the API does, answering with the number of ledger events. */
export function request(command: Command, extra: Partial<CommandRequest> = {}): CommandRequest {
  return {
    command,
    actor: 'administrator:test',
    correlationId: uuidv7(),
    answer: (decision: Decision) => ({ ledgerEvents: decision.ledger.length }),
    ...extra,
  };
}

export function setUp(managerId: string): Command {
  return {
    type: 'SetUpManager',
    data: {
      managerId,
      administratorId: uuidv7(),
      name: 'Architectes',
      adminAccount: 'admin.architectes',
      currency: 'EUR',
      country: 'FR',
      apiKeyHash: 'a'.repeat(64),
    },
    metadata: { now: NOW },
  };
}

export function purchase(managerId: string, amountMinor: number): Command {
  return {
    type: 'PurchaseCredit',
    data: { managerId, purchaseId: uuidv7(), amountMinor, currency: 'EUR', paymentReference: uuidv7() },
    metadata: { now: NOW },
  };
}

export function createDepartment(managerId: string, departmentId: string, name: string): Command {
  return { type: 'CreateDepartment', data: { managerId, departmentId, name }, metadata: { now: NOW } };
}

export function allocateToDepartment(managerId: string, departmentId: string, amountMinor: number): Command {
  return {
    type: 'AllocateCredit',
    data: {
      managerId,
      allocationId: uuidv7(),
      from: { type: 'company' },
      to: { type: 'department', departmentId },
      amountMinor,
    },
    metadata: { now: NOW },
  };
}

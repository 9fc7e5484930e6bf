import type { NewEvent } from '@skype-manager/event-store';
import { seededId } from './prng';

/**
 * A realistic ledger event (a manual allocation from the company pool to a member, as the product
 * writes it), deterministic from its number. Used wherever a bench appends events directly.
 */
export function allocationEvent(n: number, managerId: string, memberId: string, occurredAt: string): NewEvent {
  const correlationId = seededId(0xc0, n);
  return {
    id: seededId(0xe1, n),
    type: 'CreditAllocated',
    // As the domain decides it (libs/domain, allocateCredit): keys in canonical order at every level.
    data: {
      allocationId: seededId(0xa1, n),
      amountMinor: 100 + (n % 900),
      from: { type: 'company' },
      reason: 'manual',
      to: { memberId, type: 'member' },
    },
    metadata: {
      managerId,
      occurredAt,
      actor: `administrator:${seededId(0xad, 1)}`,
      correlationId,
      causationId: correlationId,
      schemaVersion: 1,
    },
  };
}

export const BENCH_NOW = '2026-11-15T10:00:00.000Z';

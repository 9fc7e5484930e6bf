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
    data: {
      allocationId: seededId(0xa1, n),
      from: { type: 'company' },
      to: { type: 'member', memberId },
      amountMinor: 100 + (n % 900),
      reason: 'manual',
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

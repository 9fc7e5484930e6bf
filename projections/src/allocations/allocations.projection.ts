import type { CreditAccount } from '@skype-manager/domain';
import { defineProjection, type ProjectedDocument } from '../runtime/projection';

/**
 * Allocations history: every movement of credit between the company pool, department budgets and
 * members — allocations (manual or automatic top-ups) and reclaims (manual or on a member's removal).
 */
export interface AllocationDocument extends ProjectedDocument {
  /** allocationId or reclaimId. */
  movementId: string;
  kind: 'allocation' | 'reclaim';
  from: CreditAccount;
  /** A reclaim always returns credit to the company pool. */
  to: CreditAccount;
  amountMinor: number;
  reason: 'manual' | 'auto-top-up' | 'member-removed';
  occurredAt: string;
  actor: string;
  position: number;
}

type Movement = Pick<AllocationDocument, 'movementId' | 'kind' | 'from' | 'to' | 'amountMinor' | 'reason'>;

/** One movement is one document, written once: a replayed event finds it and leaves it as it is. */
function recordMovement(
  movement: Movement,
  metadata: { managerId: string; occurredAt: string; actor: string },
  position: number,
) {
  const id = `${metadata.managerId}:${movement.movementId}`;
  return [
    {
      collection: 'movements',
      id,
      evolve: (current: AllocationDocument | undefined): AllocationDocument =>
        current ?? {
          id,
          managerId: metadata.managerId,
          ...movement,
          occurredAt: metadata.occurredAt,
          actor: metadata.actor,
          position,
          _position: position,
        },
    },
  ];
}

export const allocationsProjection = defineProjection({
  name: 'allocations',
  version: 1,
  collections: {
    movements: { indexes: [{ fields: ['managerId', 'position'] }] },
  },
  on: {
    CreditAllocated: ({ data, metadata, position }) =>
      recordMovement(
        {
          movementId: data.allocationId,
          kind: 'allocation',
          from: data.from,
          to: data.to,
          amountMinor: data.amountMinor,
          reason: data.reason,
        },
        metadata,
        position,
      ),
    CreditReclaimed: ({ data, metadata, position }) =>
      recordMovement(
        {
          movementId: data.reclaimId,
          kind: 'reclaim',
          from: data.from,
          to: { type: 'company' },
          amountMinor: data.amountMinor,
          reason: data.reason,
        },
        metadata,
        position,
      ),
  },
});

import type { LedgerEvent, UsageRecord, UsageRejectionReason } from '@skype-manager/domain';

/** The event a charged usage record produces. */
export function usageCharged(record: UsageRecord, departmentId: string | null = null): LedgerEvent {
  const { usageId, memberId, kind, destination, startedAt, durationSeconds, costMinor } = record;
  return {
    type: 'UsageCharged',
    data: {
      usageId,
      memberId,
      departmentId,
      kind,
      category: kind === 'call' ? 'calls' : 'sms',
      destination,
      startedAt,
      durationSeconds,
      costMinor,
    },
  };
}

/** The event a refused usage record produces. */
export function usageRejected(record: UsageRecord, reason: UsageRejectionReason): LedgerEvent {
  const { usageId, memberId, kind, destination, startedAt, costMinor } = record;
  return {
    type: 'UsageRejected',
    data: { usageId, memberId, kind, destination, startedAt, costMinor, reason },
  };
}

import type { LedgerEvent } from '@skype-manager/domain';
import type { EventStore, JsonObject, NewEvent } from '@skype-manager/event-store';

/**
 * Writes a large, valid ledger quickly (for speed measurements and paging tests): the events a real
 * Manager's ledger holds — purchases, allocations, usage charges, reclaims — appended straight to the
 * store in big batches, bypassing the deciders (which would be the slow part, and are tested elsewhere).
 * Every movement respects the invariants, so a verification of it must come back clean.
 */
export interface SyntheticLedgerOptions {
  managerId: string;
  members: number;
  departments: number;
  /** Ledger events after the opening ones. */
  movements: number;
  /** occurredAt of the first event; each next event is `stepMs` later. */
  startAt?: string;
  stepMs?: number;
  /** Events per append (the store accepts up to 1,000). */
  batch?: number;
}

export interface SyntheticLedger {
  events: number;
  /** occurredAt of every ledger event, by revision. */
  occurredAt: (revision: number) => string;
}

export async function writeSyntheticLedger(store: EventStore, options: SyntheticLedgerOptions): Promise<SyntheticLedger> {
  const startMs = Date.parse(options.startAt ?? '2025-01-01T00:00:00.000Z');
  const stepMs = options.stepMs ?? 1000;
  const occurredAt = (revision: number): string => new Date(startMs + revision * stepMs).toISOString();
  const batchSize = options.batch ?? 1000;
  const streamId = `ledger-${options.managerId}`;
  let revision = 0;
  let pending: NewEvent[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await store.append(streamId, 'any', pending);
    pending = [];
  };
  for (const event of ledgerEvents(options, (n) => occurredAt(revision + n))) {
    pending.push(toNewEvent(options.managerId, `${options.managerId}-${revision}`, event, occurredAt(revision)));
    revision += 1;
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  return { events: revision, occurredAt };
}

function toNewEvent(managerId: string, id: string, event: LedgerEvent, occurredAt: string): NewEvent {
  return {
    id,
    type: event.type,
    data: event.data as unknown as JsonObject,
    metadata: { managerId, occurredAt, actor: 'system', correlationId: id, causationId: id, schemaVersion: 1 },
  };
}

/** A cycle of ten movements per member turn: allocate, spend, reclaim what is left, buy more. */
function* ledgerEvents(options: SyntheticLedgerOptions, instantAhead: (n: number) => string): Generator<LedgerEvent> {
  const { managerId } = options;
  yield { type: 'LedgerOpened', data: { managerId, currency: 'EUR', country: 'FR' } };
  const departments = Array.from({ length: options.departments }, (_, i) => `dep-${i}`);
  for (const departmentId of departments) yield { type: 'DepartmentBudgetOpened', data: { departmentId } };
  const members = Array.from({ length: options.members }, (_, i) => `mem-${i}`);
  for (const [i, memberId] of members.entries()) {
    const departmentId = departments.length === 0 ? null : departments[i % departments.length];
    yield { type: 'MemberAccountOpened', data: { memberId, departmentId, displayName: `Member ${i}` } };
    yield { type: 'MemberAccountActivated', data: { memberId } };
  }
  const purchaseMinor = 1_000_000;
  let purchases = 0;
  const purchase = (): LedgerEvent => ({
    type: 'CreditPurchased',
    data: { purchaseId: `purchase-${purchases}`, amountMinor: purchaseMinor, currency: 'EUR', paymentReference: `pay-${purchases++}` },
  });
  yield purchase();
  for (let n = 0; n < options.movements; n++) {
    const memberId = members[Math.floor(n / 10) % members.length];
    const step = n % 10;
    if (step === 0) yield purchase();
    else if (step === 1) {
      yield {
        type: 'CreditAllocated',
        data: { allocationId: `alloc-${n}`, from: { type: 'company' }, to: { type: 'member', memberId }, amountMinor: 1000, reason: 'manual' },
      };
    } else if (step < 9) {
      yield {
        type: 'UsageCharged',
        data: {
          usageId: `usage-${n}`,
          memberId,
          departmentId: null,
          kind: 'call',
          category: 'calls',
          destination: '+33142685300',
          // The call started a minute before it was recorded, so old usage ids leave the ledger's window.
          startedAt: new Date(Date.parse(instantAhead(0)) - 60_000).toISOString(),
          durationSeconds: 60,
          costMinor: 100,
        },
      };
    } else {
      // 1000 allocated, 7 × 100 spent: reclaim the 300 left.
      yield { type: 'CreditReclaimed', data: { reclaimId: `reclaim-${n}`, from: { type: 'member', memberId }, amountMinor: 300, reason: 'manual' } };
    }
  }
}

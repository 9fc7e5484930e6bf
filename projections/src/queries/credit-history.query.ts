import type { CreditAccount } from '@skype-manager/domain';
import type { AllocationDocument } from '../allocations/allocations.projection';
import type { PurchaseDocument } from '../purchases/purchases.projection';
import type { ReadModels } from '../runtime/generations';
import { decodeCursor, encodeCursor, pageOrder, pageSize, type Page } from './query-input';

/** GET /v1/managers/{m}/reports/purchases and /reports/allocations: paged by log position. */
export interface HistoryQuery {
  /** newest (default) or oldest first. */
  order?: string;
  limit?: number;
  cursor?: string;
}

export interface PurchaseItem {
  purchaseId: string;
  amountMinor: number;
  currency: string;
  paymentReference: string;
  occurredAt: string;
  actor: string;
  position: number;
}

export interface AllocationItem {
  /** allocationId or reclaimId. */
  movementId: string;
  kind: 'allocation' | 'reclaim';
  from: CreditAccount;
  to: CreditAccount;
  amountMinor: number;
  reason: AllocationDocument['reason'];
  occurredAt: string;
  actor: string;
  position: number;
}

export async function listPurchases(
  readModels: ReadModels,
  managerId: string,
  query: HistoryQuery = {},
): Promise<Page<PurchaseItem>> {
  const page = await historyPage<PurchaseDocument>(readModels, ['purchases', 'purchases'], managerId, query);
  return {
    ...page,
    items: page.items.map(
      ({ purchaseId, amountMinor, currency, paymentReference, occurredAt, actor, position }) => ({
        purchaseId,
        amountMinor,
        currency,
        paymentReference,
        occurredAt,
        actor,
        position,
      }),
    ),
  };
}

export async function listAllocations(
  readModels: ReadModels,
  managerId: string,
  query: HistoryQuery = {},
): Promise<Page<AllocationItem>> {
  const page = await historyPage<AllocationDocument>(
    readModels,
    ['allocations', 'movements'],
    managerId,
    query,
  );
  return {
    ...page,
    items: page.items.map(
      ({ movementId, kind, from, to, amountMinor, reason, occurredAt, actor, position }) => ({
        movementId,
        kind,
        from,
        to,
        amountMinor,
        reason,
        occurredAt,
        actor,
        position,
      }),
    ),
  };
}

async function historyPage<D extends PurchaseDocument | AllocationDocument>(
  readModels: ReadModels,
  [projection, logical]: [string, string],
  managerId: string,
  query: HistoryQuery,
): Promise<Page<D>> {
  const limit = pageSize(query.limit);
  const direction = pageOrder(query.order) === 'newest' ? 'desc' : 'asc';
  const found = (await readModels.store.find(
    await readModels.collection(projection, logical),
    { managerId },
    { sort: [{ field: 'position', direction }], limit: limit + 1, after: decodeCursor(query.cursor) },
  )) as D[];
  const items = found.slice(0, limit);
  if (found.length <= limit) return { items };
  const last = items[items.length - 1];
  return { items, next: encodeCursor([last.position, last.id]) };
}

import { defineProjection, type ProjectedDocument } from '../runtime/projection';

/** Purchases history: every credit purchase of a Manager, paged by log position. */
export interface PurchaseDocument extends ProjectedDocument {
  purchaseId: string;
  amountMinor: number;
  currency: string;
  paymentReference: string;
  occurredAt: string;
  actor: string;
  /** Log position of the purchase: the paging key (newest or oldest first). */
  position: number;
}

export const purchasesProjection = defineProjection({
  name: 'purchases',
  version: 1,
  collections: {
    purchases: { indexes: [{ fields: ['managerId', 'position'] }] },
  },
  on: {
    CreditPurchased: ({ data, metadata, position }) => [
      {
        collection: 'purchases',
        id: `${metadata.managerId}:${data.purchaseId}`,
        // A purchase is a fact: written once, never changed.
        evolve: (current: PurchaseDocument | undefined) =>
          current ?? {
            id: `${metadata.managerId}:${data.purchaseId}`,
            managerId: metadata.managerId,
            purchaseId: data.purchaseId,
            amountMinor: data.amountMinor,
            currency: data.currency,
            paymentReference: data.paymentReference,
            occurredAt: metadata.occurredAt,
            actor: metadata.actor,
            position,
            _position: position,
          },
      },
    ],
  },
});

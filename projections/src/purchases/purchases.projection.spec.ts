import { documentsOf, project, replayAgain } from '../test-support/project';
import { M1, M2, sampleHistory } from '../test-support/sample-history';
import { purchasesProjection } from './purchases.projection';

describe('purchases history projection', () => {
  const { events } = sampleHistory();

  it('should record each purchase once with its amount, currency, reference and position', async () => {
    const { store } = await project(purchasesProjection, events);
    const purchases = await store.find('purchases_v1_purchases', { managerId: M1 });
    expect(purchases).toEqual([
      expect.objectContaining({
        purchaseId: 'pur-1',
        amountMinor: 100_000,
        currency: 'EUR',
        paymentReference: 'PAY-1',
        position: expect.any(Number),
      }),
    ]);
    expect(await store.count('purchases_v1_purchases', { managerId: M2 })).toBe(1);
  });

  it('should give the same documents when the same events are applied twice', async () => {
    const projected = await project(purchasesProjection, events);
    const once = await documentsOf(projected.store, projected.generation);
    await replayAgain(projected, events, 2);
    expect(await documentsOf(projected.store, projected.generation)).toEqual(once);
  });
});

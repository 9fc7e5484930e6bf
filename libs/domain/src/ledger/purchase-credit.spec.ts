import { MAX_AMOUNT_MINOR, type LedgerEvent } from '@skype-manager/domain';
import { aManager, cmd, given, MANAGER_ID, nothing } from '@skype-manager/testing';

describe('Purchase credit', () => {
  describe('When the Manager exists (EUR)', () => {
    it('should credit the company pool', () => {
      given(aManager())
        .when(
          cmd.purchaseCredit({
            purchaseId: 'p-1',
            amountMinor: 50_000,
            currency: 'EUR',
            paymentReference: 'stripe-ch_1',
          }),
        )
        .then({
          ledger: [
            {
              type: 'CreditPurchased',
              data: {
                purchaseId: 'p-1',
                amountMinor: 50_000,
                currency: 'EUR',
                paymentReference: 'stripe-ch_1',
              },
            },
          ],
        });
    });

    it('should add to what the pool already holds', () => {
      given(aManager().withCredit(1_000))
        .when(cmd.purchaseCredit({ amountMinor: 250, paymentReference: 'second' }))
        .thenState(({ ledger }) => {
          expect(ledger).toMatchObject({ companyMinor: 1_250, purchasedMinor: 1_250, chargedMinor: 0 });
        });
    });

    it('should accept the largest single amount', () => {
      given(aManager())
        .when(cmd.purchaseCredit({ amountMinor: MAX_AMOUNT_MINOR }))
        .thenState(({ ledger }) => expect(ledger).toMatchObject({ companyMinor: MAX_AMOUNT_MINOR }));
    });

    it('should refuse another currency than the Manager’s', () => {
      given(aManager())
        .when(cmd.purchaseCredit({ amountMinor: 100, currency: 'USD' }))
        .thenRefused('currency-mismatch', { currency: 'EUR' });
    });

    it.each([0, -100, 10.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_AMOUNT_MINOR + 1])(
      'should refuse %p as an amount',
      (amountMinor) => {
        given(aManager()).when(cmd.purchaseCredit({ amountMinor })).thenInvalid('amountMinor');
      },
    );

    it('should refuse an amount given as a string', () => {
      given(aManager())
        .when(cmd.purchaseCredit({ amountMinor: '100' as unknown as number }))
        .thenInvalid('amountMinor');
    });

    it('should refuse a blank payment reference', () => {
      given(aManager())
        .when(cmd.purchaseCredit({ amountMinor: 100, paymentReference: ' ' }))
        .thenInvalid('paymentReference');
    });
  });

  describe('When the payment reference was already credited', () => {
    it('should refuse to credit it twice, naming the first purchase', () => {
      given(
        aManager().with(
          cmd.purchaseCredit({ purchaseId: 'p-1', amountMinor: 100, paymentReference: 'stripe-ch_1' }),
        ),
      )
        .when(cmd.purchaseCredit({ purchaseId: 'p-2', amountMinor: 100, paymentReference: 'stripe-ch_1' }))
        .thenRefused('duplicate-payment-reference', { purchaseId: 'p-1' });
    });
  });

  describe('When the total purchased is near the largest exact integer', () => {
    const history = (): { ledger: LedgerEvent[] } => ({
      ledger: [
        { type: 'LedgerOpened', data: { managerId: MANAGER_ID, currency: 'EUR', country: 'FR' } },
        {
          type: 'CreditPurchased',
          data: {
            purchaseId: 'p-0',
            amountMinor: Number.MAX_SAFE_INTEGER - 10,
            currency: 'EUR',
            paymentReference: 'huge',
          },
        },
      ],
    });

    it('should accept a purchase that reaches it exactly', () => {
      given(history())
        .when(cmd.purchaseCredit({ amountMinor: 10 }))
        .thenState(({ ledger }) => expect(ledger).toMatchObject({ purchasedMinor: Number.MAX_SAFE_INTEGER }));
    });

    it('should refuse a purchase that would go past it', () => {
      given(history())
        .when(cmd.purchaseCredit({ amountMinor: 11 }))
        .thenRefused('amount-too-large');
    });
  });

  describe('When there is no such Manager', () => {
    it('should answer not found', () => {
      given(nothing())
        .when(cmd.purchaseCredit({ amountMinor: 100 }))
        .thenNotFound('manager-not-found');
    });
  });
});

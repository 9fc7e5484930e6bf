import { emptyContext } from '@skype-manager/domain';
import { aManager, ALICE, cmd, COMPANY_POOL, given, memberAccount, nothing, sameData, SALES } from './index';

/** The helpers must fail when the domain does not do what a spec says: a helper that cannot fail proves nothing. */
describe('given / when / then', () => {
  const purchase = () => cmd.purchaseCredit({ purchaseId: 'p-1', amountMinor: 100, paymentReference: 'ref' });
  const purchased = {
    type: 'CreditPurchased' as const,
    data: { purchaseId: 'p-1', amountMinor: 100, currency: 'EUR', paymentReference: 'ref' },
  };

  describe('When the command succeeds', () => {
    it('should pass with exactly the decided events', () => {
      given(aManager())
        .when(purchase())
        .then({ ledger: [purchased] });
    });

    it('should fail when an event differs', () => {
      expect(() =>
        given(aManager())
          .when(purchase())
          .then({ ledger: [{ ...purchased, data: { ...purchased.data, amountMinor: 99 } }] }),
      ).toThrow();
    });

    it('should fail when a stream that got events is not mentioned', () => {
      expect(() => given(aManager()).when(purchase()).then({})).toThrow();
    });

    it('should fail when a refusal is expected', () => {
      expect(() => given(aManager()).when(purchase()).thenRefused('insufficient-credit')).toThrow(
        /was expected to throw 'insufficient-credit'/,
      );
    });
  });

  describe('When the command is refused', () => {
    it('should pass with the rule that refused it', () => {
      given(nothing()).when(purchase()).thenNotFound('manager-not-found');
    });

    it('should fail when events are expected', () => {
      expect(() =>
        given(nothing())
          .when(purchase())
          .then({ ledger: [purchased] }),
      ).toThrow(/manager-not-found/);
    });

    it('should fail on another rule or another kind', () => {
      expect(() => given(nothing()).when(purchase()).thenRefused('manager-not-found')).toThrow(); // kind is not-found
      expect(() => given(nothing()).when(purchase()).thenNotFound('department-not-found')).toThrow();
    });

    it('should check the field of invalid input', () => {
      given(aManager())
        .when(cmd.purchaseCredit({ amountMinor: -1 }))
        .thenInvalid('amountMinor');
      expect(() =>
        given(aManager())
          .when(cmd.purchaseCredit({ amountMinor: -1 }))
          .thenInvalid('currency'),
      ).toThrow();
    });
  });

  describe('When the situation is given as a ready context', () => {
    it('should decide against it without changing it', () => {
      const ctx = emptyContext();
      given(ctx)
        .when(cmd.setUpManager())
        .thenState(({ manager }) => expect(manager.status).toBe('active'));
      expect(ctx.manager.status).toBe('none');
    });
  });

  describe('When the situation is given as events per stream', () => {
    it('should fold them into the context', () => {
      given({
        ledger: [
          { type: 'LedgerOpened', data: { managerId: 'mgr-architectes', currency: 'EUR', country: 'FR' } },
        ],
      })
        .when(purchase())
        .then({ ledger: [purchased] });
    });
  });
});

describe('Scenario fixtures', () => {
  describe('When a member is given a balance', () => {
    it('should fund it by a purchase, leaving the pool as it was', () => {
      const ledger = aManager()
        .withCredit(50)
        .withActiveMember(ALICE, { departmentId: null, balanceMinor: 700 })
        .ledger();
      expect(ledger.companyMinor).toBe(50);
      expect(ledger.members[ALICE]).toMatchObject({ status: 'active', balanceMinor: 700 });
      expect(ledger.purchasedMinor).toBe(750);
    });
  });

  describe('When a fixture step is refused', () => {
    it('should fail loudly, naming the step', () => {
      expect(() => aManager().allocate(COMPANY_POOL, memberAccount(ALICE), 10)).toThrow(
        /AllocateCredit was refused/,
      );
      expect(() => aManager().withActiveMember(ALICE, { departmentId: SALES })).toThrow(
        /InviteMember was refused/,
      );
    });
  });

  describe('When a scenario is cloned', () => {
    it('should not share state with its clone', () => {
      const base = aManager().withCredit(100);
      const branch = base.clone().withCredit(1);
      expect([base.ledger().companyMinor, branch.ledger().companyMinor]).toEqual([100, 101]);
    });
  });
});

describe('sameData', () => {
  it.each([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: 1, b: undefined }, { a: 1 }, true],
    [{ a: 1 }, { a: 2 }, false],
    [{ a: 1 }, { a: 1, b: 0 }, false],
    [[1, 2], [1, 2, 3], false],
    [[1], { 0: 1 }, false],
    [null, {}, false],
  ])('should compare %p and %p as %p', (a, b, same) => {
    expect(sameData(a, b)).toBe(same);
  });
});

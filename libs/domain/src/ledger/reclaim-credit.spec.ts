import {
  aManager,
  ALICE,
  BOB,
  cmd,
  COMPANY_POOL,
  departmentAccount,
  given,
  memberAccount,
  nothing,
  SALES,
  SUPPORT,
} from '@skype-manager/testing';

/** Sales holds 300; Alice (in sales) holds 200; Bob holds nothing; the pool is empty. */
const situation = () =>
  aManager()
    .withDepartment(SALES)
    .withDepartment(SUPPORT)
    .withDepartmentBudget(SALES, 300)
    .withActiveMember(ALICE, { departmentId: SALES, balanceMinor: 200 })
    .withActiveMember(BOB);

describe('Reclaim credit', () => {
  describe('When a member holds credit', () => {
    it('should return the amount asked for to the company pool', () => {
      given(situation())
        .when(cmd.reclaimCredit(memberAccount(ALICE), 150, 'reclaim-1'))
        .then({
          ledger: [
            {
              type: 'CreditReclaimed',
              data: {
                reclaimId: 'reclaim-1',
                from: memberAccount(ALICE),
                amountMinor: 150,
                reason: 'manual',
              },
            },
          ],
        });
    });

    it('should return all of it when no amount is given', () => {
      given(situation())
        .when(cmd.reclaimCredit(memberAccount(ALICE), null))
        .thenState(({ ledger }) => {
          if (ledger.status !== 'open') throw new Error('ledger not open');
          expect(ledger.members[ALICE].balanceMinor).toBe(0);
          expect(ledger.companyMinor).toBe(200);
          expect(ledger.departments[SALES].budgetMinor).toBe(300);
        });
    });

    it('should refuse more than the member holds', () => {
      given(situation())
        .when(cmd.reclaimCredit(memberAccount(ALICE), 201))
        .thenRefused('insufficient-credit', { availableMinor: 200, requestedMinor: 201 });
    });
  });

  describe('When a department holds a budget', () => {
    it('should return all of it to the company pool', () => {
      given(situation())
        .when(cmd.reclaimCredit(departmentAccount(SALES), null, 'reclaim-2'))
        .then({
          ledger: [
            {
              type: 'CreditReclaimed',
              data: {
                reclaimId: 'reclaim-2',
                from: departmentAccount(SALES),
                amountMinor: 300,
                reason: 'manual',
              },
            },
          ],
        });
    });

    it('should refuse more than the budget holds', () => {
      given(situation())
        .when(cmd.reclaimCredit(departmentAccount(SALES), 301))
        .thenRefused('insufficient-credit');
    });
  });

  describe('When the account holds nothing', () => {
    it('should refuse to reclaim all of an empty balance', () => {
      given(situation())
        .when(cmd.reclaimCredit(memberAccount(BOB), null))
        .thenRefused('nothing-to-reclaim');
    });

    it('should refuse to reclaim all of an empty budget', () => {
      given(situation())
        .when(cmd.reclaimCredit(departmentAccount(SUPPORT), null))
        .thenRefused('nothing-to-reclaim');
    });

    it('should refuse a given amount from an empty balance as insufficient', () => {
      given(situation())
        .when(cmd.reclaimCredit(memberAccount(BOB), 1))
        .thenRefused('insufficient-credit', { availableMinor: 0, requestedMinor: 1 });
    });

    it('should refuse to reclaim from a removed member (the removal already did)', () => {
      given(situation().with(cmd.removeMember(ALICE)))
        .when(cmd.reclaimCredit(memberAccount(ALICE), null))
        .thenRefused('nothing-to-reclaim');
    });
  });

  describe('When the request is malformed', () => {
    it('should refuse to reclaim from the company pool', () => {
      given(situation()).when(cmd.reclaimCredit(COMPANY_POOL, 100)).thenInvalid('from');
    });

    it.each([0, -5, 1.5])('should refuse %p as an amount', (amountMinor) => {
      given(situation())
        .when(cmd.reclaimCredit(memberAccount(ALICE), amountMinor))
        .thenInvalid('amountMinor');
    });
  });

  describe('When the account is unknown', () => {
    it('should answer not found for an unknown member', () => {
      given(situation())
        .when(cmd.reclaimCredit(memberAccount('mem-ghost'), null))
        .thenNotFound('member-not-found');
    });

    it('should answer not found for a closed department', () => {
      given(situation().withClosedDepartment('dep-old'))
        .when(cmd.reclaimCredit(departmentAccount('dep-old'), null))
        .thenNotFound('department-not-found');
    });

    it('should answer not found when there is no such Manager', () => {
      given(nothing())
        .when(cmd.reclaimCredit(memberAccount(ALICE), null))
        .thenNotFound('manager-not-found');
    });
  });
});

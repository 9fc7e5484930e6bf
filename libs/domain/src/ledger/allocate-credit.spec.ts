import { MAX_AMOUNT_MINOR } from '@skype-manager/domain';
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

/** 1,000 in the pool, 300 in the sales budget; Alice in sales, Bob in no department. */
const situation = () =>
  aManager()
    .withDepartment(SALES)
    .withDepartment(SUPPORT)
    .withDepartmentBudget(SALES, 300)
    .withCredit(1_000)
    .withActiveMember(ALICE, { departmentId: SALES })
    .withActiveMember(BOB);

describe('Allocate credit', () => {
  describe('When the company pool holds credit', () => {
    it('should move credit from the pool to a department budget', () => {
      given(situation())
        .when(cmd.allocateCredit(COMPANY_POOL, departmentAccount(SUPPORT), 400, 'alloc-1'))
        .then({
          ledger: [
            {
              type: 'CreditAllocated',
              data: {
                allocationId: 'alloc-1',
                from: COMPANY_POOL,
                to: departmentAccount(SUPPORT),
                amountMinor: 400,
                reason: 'manual',
              },
            },
          ],
        });
    });

    it('should move credit from the pool straight to a member', () => {
      given(situation())
        .when(cmd.allocateCredit(COMPANY_POOL, memberAccount(BOB), 1_000))
        .thenState(({ ledger }) => {
          if (ledger.status !== 'open') throw new Error('ledger not open');
          expect(ledger.companyMinor).toBe(0);
          expect(ledger.members[BOB].balanceMinor).toBe(1_000);
        });
    });

    it('should refuse more than the pool holds', () => {
      given(situation())
        .when(cmd.allocateCredit(COMPANY_POOL, memberAccount(BOB), 1_001))
        .thenRefused('insufficient-credit', { availableMinor: 1_000, requestedMinor: 1_001 });
    });
  });

  describe('When a department holds a budget', () => {
    it('should move credit from the department to one of its members', () => {
      given(situation())
        .when(cmd.allocateCredit(departmentAccount(SALES), memberAccount(ALICE), 300))
        .thenState(({ ledger }) => {
          if (ledger.status !== 'open') throw new Error('ledger not open');
          expect(ledger.departments[SALES].budgetMinor).toBe(0);
          expect(ledger.members[ALICE].balanceMinor).toBe(300);
          expect(ledger.companyMinor).toBe(1_000);
        });
    });

    it('should refuse a member of another department', () => {
      given(situation())
        .when(cmd.allocateCredit(departmentAccount(SALES), memberAccount(BOB), 100))
        .thenRefused('member-not-in-department');
    });

    it('should refuse more than the budget holds', () => {
      given(situation())
        .when(cmd.allocateCredit(departmentAccount(SALES), memberAccount(ALICE), 301))
        .thenRefused('insufficient-credit', { availableMinor: 300, requestedMinor: 301 });
    });

    it('should refuse to allocate to another department', () => {
      given(situation())
        .when(cmd.allocateCredit(departmentAccount(SALES), departmentAccount(SUPPORT), 100))
        .thenInvalid('to');
    });
  });

  describe('When the direction is not downwards', () => {
    it('should refuse to allocate to the company pool', () => {
      given(situation())
        .when(cmd.allocateCredit(departmentAccount(SALES), COMPANY_POOL, 100))
        .thenInvalid('to');
    });

    it('should refuse to allocate from a member', () => {
      given(situation().allocate(COMPANY_POOL, memberAccount(BOB), 100))
        .when(cmd.allocateCredit(memberAccount(BOB), memberAccount(ALICE), 50))
        .thenInvalid('from');
    });
  });

  describe('When the amount is malformed', () => {
    it.each([0, -1, 0.5, MAX_AMOUNT_MINOR + 1])('should refuse %p', (amountMinor) => {
      given(situation())
        .when(cmd.allocateCredit(COMPANY_POOL, memberAccount(BOB), amountMinor))
        .thenInvalid('amountMinor');
    });
  });

  describe('When the receiving member is not active', () => {
    it('should refuse an invited member', () => {
      given(situation().withInvitedMember('mem-new'))
        .when(cmd.allocateCredit(COMPANY_POOL, memberAccount('mem-new'), 100))
        .thenRefused('member-not-active', { memberId: 'mem-new' });
    });

    it('should refuse a removed member', () => {
      given(situation().with(cmd.removeMember(BOB)))
        .when(cmd.allocateCredit(COMPANY_POOL, memberAccount(BOB), 100))
        .thenRefused('member-not-active', { memberId: BOB });
    });

    it('should answer not found for an unknown member', () => {
      given(situation())
        .when(cmd.allocateCredit(COMPANY_POOL, memberAccount('mem-ghost'), 100))
        .thenNotFound('member-not-found');
    });
  });

  describe('When a department is closed or unknown', () => {
    it('should refuse a closed department', () => {
      given(situation().withClosedDepartment('dep-old'))
        .when(cmd.allocateCredit(COMPANY_POOL, departmentAccount('dep-old'), 100))
        .thenNotFound('department-not-found');
    });

    it('should refuse an unknown department as the source', () => {
      given(situation())
        .when(cmd.allocateCredit(departmentAccount('dep-ghost'), memberAccount(ALICE), 100))
        .thenNotFound('department-not-found');
    });
  });

  describe('When there is no such Manager', () => {
    it('should answer not found', () => {
      given(nothing())
        .when(cmd.allocateCredit(COMPANY_POOL, memberAccount(ALICE), 100))
        .thenNotFound('manager-not-found');
    });
  });
});

import type { AutoAllocationRule, LedgerEvent, UsageRecord } from '@skype-manager/domain';
import {
  aManager,
  ALICE,
  cmd,
  given,
  memberAccount,
  SALES,
  usageCharged,
  usageRecord,
  usageRejected,
} from '@skype-manager/testing';

const call = (usageId: string, d: Partial<UsageRecord> = {}) =>
  usageRecord({ usageId, memberId: ALICE, ...d });
const rule = (r: Partial<AutoAllocationRule> = {}): AutoAllocationRule => ({
  topUpToMinor: 1_000,
  whenBelowMinor: 200,
  monthlyLimitMinor: null,
  ...r,
});
const topUp = (allocationId: string, amountMinor: number, month = '2025-03'): LedgerEvent => ({
  type: 'CreditAllocated',
  data: {
    allocationId,
    from: { type: 'company' },
    to: memberAccount(ALICE),
    amountMinor,
    reason: 'auto-top-up',
    month,
  },
});

/** Alice (sales) holds 250 with the rule "top up to 1,000 when below 200"; the pool holds `poolMinor`. */
const situation = (r: Partial<AutoAllocationRule> = {}, poolMinor = 5_000) =>
  aManager()
    .withDepartment(SALES)
    .withActiveMember(ALICE, { departmentId: SALES, balanceMinor: 250 })
    .withAutoAllocation(ALICE, rule(r))
    .withCredit(poolMinor);

describe('Automatic top-up on usage', () => {
  describe('When a charge takes the balance below the threshold and the pool can pay', () => {
    it('should top the member up to the target from the company pool, in the same decision', () => {
      const record = call('u-1', { costMinor: 100 });
      given(situation())
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageCharged(record, SALES), topUp('top-up-u-1', 850)] });
    });

    it('should leave the member at the target and the pool lowered by the top-up', () => {
      given(situation())
        .when(cmd.recordUsage(call('u-1', { costMinor: 100 })))
        .thenState(({ ledger }) => {
          if (ledger.status !== 'open') throw new Error('ledger not open');
          expect(ledger.members[ALICE]).toMatchObject({
            balanceMinor: 1_000,
            autoAllocatedByMonth: { '2025-03': 850 },
          });
          expect(ledger.companyMinor).toBe(5_000 - 850);
        });
    });

    it('should let the next record of the batch spend the topped-up credit', () => {
      const [first, second] = [call('u-1', { costMinor: 100 }), call('u-2', { costMinor: 900 })];
      given(situation())
        .when(cmd.recordUsage(first, second))
        .then({
          ledger: [
            usageCharged(first, SALES),
            topUp('top-up-u-1', 850),
            usageCharged(second, SALES),
            topUp('top-up-u-2', 900),
          ],
        });
    });
  });

  describe('When the balance stays at or above the threshold', () => {
    it('should not top up', () => {
      const record = call('u-1', { costMinor: 50 });
      given(situation())
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageCharged(record, SALES)] });
    });
  });

  describe('When the rule has a monthly limit', () => {
    it('should top up no more than the limit', () => {
      const record = call('u-1', { costMinor: 100 });
      given(situation({ monthlyLimitMinor: 500 }))
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageCharged(record, SALES), topUp('top-up-u-1', 500)] });
    });

    it('should top up only what is left of the limit this month', () => {
      const [first, second] = [call('u-1', { costMinor: 100 }), call('u-2', { costMinor: 900 })];
      given(situation({ monthlyLimitMinor: 1_000 }).withUsage(first)) // 850 topped up already
        .when(cmd.recordUsage(second))
        .then({ ledger: [usageCharged(second, SALES), topUp('top-up-u-2', 150)] });
    });

    it('should not top up once the limit is used up', () => {
      const [first, second] = [call('u-1', { costMinor: 100 }), call('u-2', { costMinor: 900 })];
      given(situation({ monthlyLimitMinor: 850 }).withUsage(first))
        .when(cmd.recordUsage(second))
        .then({ ledger: [usageCharged(second, SALES)] });
    });

    it('should count the limit per month of the usage', () => {
      const [march, april] = [
        call('u-1', { costMinor: 100 }),
        call('u-2', { costMinor: 900, startedAt: '2025-04-01T08:00:00.000Z' }),
      ];
      given(situation({ monthlyLimitMinor: 850 }).withUsage(march))
        .when({ ...cmd.recordUsage(april), metadata: { now: '2025-04-01T09:00:00.000Z' } })
        .then({ ledger: [usageCharged(april, SALES), topUp('top-up-u-2', 850, '2025-04')] });
    });
  });

  describe('When the company pool cannot pay the whole top-up', () => {
    it('should charge the usage and skip the top-up rather than top up partly', () => {
      const record = call('u-1', { costMinor: 100 });
      given(situation({}, 849))
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageCharged(record, SALES)] });
    });

    it('should count earlier top-ups of the batch against the pool', () => {
      const [first, second] = [call('u-1', { costMinor: 100 }), call('u-2', { costMinor: 900 })];
      given(situation({}, 1_000))
        .when(cmd.recordUsage(first, second))
        .then({
          ledger: [usageCharged(first, SALES), topUp('top-up-u-1', 850), usageCharged(second, SALES)],
        });
    });
  });

  describe('When the rule was cleared', () => {
    it('should not top up', () => {
      const record = call('u-1', { costMinor: 100 });
      given(situation().withAutoAllocation(ALICE, null))
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageCharged(record, SALES)] });
    });
  });

  describe('When the member is already below the threshold before the charge (e.g. at zero)', () => {
    const atZero = (poolMinor = 5_000) =>
      aManager()
        .withDepartment(SALES)
        .withActiveMember(ALICE, { departmentId: SALES, balanceMinor: 0 })
        .withAutoAllocation(ALICE, rule())
        .withCredit(poolMinor);

    it('should top up first, then charge, so the member is never stuck at zero', () => {
      const record = call('u-1', { costMinor: 300 });
      given(atZero())
        .when(cmd.recordUsage(record))
        .then({ ledger: [topUp('top-up-u-1', 1_000), usageCharged(record, SALES)] });
    });

    it('should still refuse a charge larger than the topped-up balance', () => {
      const record = call('u-1', { costMinor: 1_500 });
      given(atZero())
        .when(cmd.recordUsage(record))
        .then({ ledger: [topUp('top-up-u-1', 1_000), usageRejected(record, 'insufficient-credit')] });
    });

    it('should refuse for lack of credit when the pool cannot pay the top-up', () => {
      const record = call('u-1', { costMinor: 300 });
      given(atZero(999))
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageRejected(record, 'insufficient-credit')] });
    });
  });

  describe('When the balance is above the threshold but cannot pay the charge', () => {
    it('should top up before the charge when that makes it affordable', () => {
      const record = call('u-1', { costMinor: 600 }); // holds 250, threshold 200
      given(situation())
        .when(cmd.recordUsage(record))
        .then({ ledger: [topUp('top-up-u-1', 750), usageCharged(record, SALES)] });
    });

    it('should not top up when even the topped-up balance could not pay', () => {
      const record = call('u-1', { costMinor: 1_200 });
      given(situation())
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageRejected(record, 'insufficient-credit')] });
    });
  });
});

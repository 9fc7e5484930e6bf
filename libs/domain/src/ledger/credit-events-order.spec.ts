import type { Decision } from '@skype-manager/domain';
import {
  aManager,
  ALICE,
  BOB,
  cmd,
  COMPANY_POOL,
  departmentAccount,
  given,
  memberAccount,
  SALES,
  usageRecord,
} from '@skype-manager/testing';

/** Every object of the value, nested ones included, lists its keys in sorted order. */
function expectSortedKeys(value: unknown, path = 'data'): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => expectSortedKeys(item, `${path}[${index}]`));
    return;
  }
  const keys = Object.keys(value);
  expect({ path, keys }).toEqual({ path, keys: [...keys].sort() });
  for (const key of keys) expectSortedKeys((value as Record<string, unknown>)[key], `${path}.${key}`);
}

function expectCanonicalLedgerEvents(decided: Decision, types: string[]): void {
  expect(decided.ledger.map((event) => event.type)).toEqual(types);
  for (const event of decided.ledger) expectSortedKeys(event.data);
}

/** 1,000 in the pool, 300 in the sales budget; Alice in sales with a top-up rule, Bob in no department. */
const situation = () =>
  aManager()
    .withDepartment(SALES)
    .withDepartmentBudget(SALES, 300)
    .withCredit(1_000)
    .withActiveMember(ALICE, { departmentId: SALES, balanceMinor: 250 })
    .withAutoAllocation(ALICE, { topUpToMinor: 500, whenBelowMinor: 200, monthlyLimitMinor: null })
    .withActiveMember(BOB);

describe('Credit events, as the event store receives them', () => {
  // Built with sorted keys at every level, the store hashes the JSON text it stores instead of
  // rendering a canonical copy of each event (as for usage events).
  it.each([
    ['a purchase', cmd.purchaseCredit({ purchaseId: 'p-2', amountMinor: 500, paymentReference: 'ref-p-2' }), 'CreditPurchased'],
    ['an allocation from the pool to a member', cmd.allocateCredit(COMPANY_POOL, memberAccount(BOB), 100, 'a-1'), 'CreditAllocated'],
    ['an allocation from a budget to a member', cmd.allocateCredit(departmentAccount(SALES), memberAccount(ALICE), 100, 'a-2'), 'CreditAllocated'],
    ['an allocation from the pool to a budget', cmd.allocateCredit(COMPANY_POOL, departmentAccount(SALES), 100, 'a-3'), 'CreditAllocated'],
    ['a reclaim from a budget', cmd.reclaimCredit(departmentAccount(SALES), 100), 'CreditReclaimed'],
    ['a reclaim from a member', cmd.reclaimCredit(memberAccount(ALICE), null), 'CreditReclaimed'],
  ])('should list the data keys of %s in canonical (sorted) order, at every level', (_label, command, type) => {
    expectCanonicalLedgerEvents(given(situation()).when(command).decision(), [type]);
  });

  it('should list the data keys of an automatic top-up in canonical order too', () => {
    const record = usageRecord({ usageId: 'u-1', memberId: ALICE, costMinor: 100 });
    expectCanonicalLedgerEvents(given(situation()).when(cmd.recordUsage(record)).decision(), ['UsageCharged', 'CreditAllocated']);
  });

  it('should keep only the account fields of the command in the event (nothing else is stored)', () => {
    const noisy = { ...memberAccount(BOB), note: 'not part of an account' } as unknown as ReturnType<typeof memberAccount>;
    const decided = given(situation()).when(cmd.allocateCredit(COMPANY_POOL, noisy, 100, 'a-4')).decision();
    expect(decided.ledger[0].data).toEqual({ allocationId: 'a-4', amountMinor: 100, from: COMPANY_POOL, reason: 'manual', to: memberAccount(BOB) });
  });
});

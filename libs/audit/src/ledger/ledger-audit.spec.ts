import fc from 'fast-check';
import { ledgerInvariantViolations, type CreditAccount, type LedgerEvent } from '@skype-manager/domain';
import { LedgerAudit } from './ledger-audit';

const MEMBERS = ['m1', 'm2', 'm3'];
const DEPARTMENTS = ['d1', 'd2'];

const opening: LedgerEvent[] = [
  { type: 'LedgerOpened', data: { managerId: 'mgr', currency: 'EUR', country: 'FR' } },
  ...DEPARTMENTS.map((departmentId): LedgerEvent => ({ type: 'DepartmentBudgetOpened', data: { departmentId } })),
  ...MEMBERS.map((memberId): LedgerEvent => ({ type: 'MemberAccountOpened', data: { memberId, departmentId: null, displayName: memberId } })),
];

const account = fc.oneof(
  fc.constant<CreditAccount>({ type: 'company' }),
  fc.constantFrom(...DEPARTMENTS).map((departmentId): CreditAccount => ({ type: 'department', departmentId })),
  fc.constantFrom(...MEMBERS).map((memberId): CreditAccount => ({ type: 'member', memberId })),
);
const amount = fc.integer({ min: 1, max: 500 });
const member = fc.constantFrom(...MEMBERS);

/**
 * Movements with no decider in front of them: amounts are not checked against balances, so some
 * sequences overdraw an account or pay a removed member, which is exactly what an auditor must see.
 */
const movement: fc.Arbitrary<LedgerEvent> = fc.oneof(
  amount.map((amountMinor): LedgerEvent => ({
    type: 'CreditPurchased',
    data: { purchaseId: 'p', amountMinor, currency: 'EUR', paymentReference: 'r' },
  })),
  fc.tuple(account, account, amount).map(([from, to, amountMinor]): LedgerEvent => ({
    type: 'CreditAllocated',
    data: { allocationId: 'a', from, to, amountMinor, reason: 'manual' },
  })),
  fc.tuple(account, amount).map(([from, amountMinor]): LedgerEvent => ({
    type: 'CreditReclaimed',
    data: { reclaimId: 'r', from, amountMinor, reason: 'manual' },
  })),
  fc.tuple(member, amount).map(([memberId, costMinor]): LedgerEvent => ({
    type: 'UsageCharged',
    data: {
      usageId: `u${costMinor}`,
      memberId,
      departmentId: null,
      kind: 'call',
      category: 'calls',
      destination: '+33142685300',
      startedAt: '2025-03-01T00:00:00.000Z',
      durationSeconds: 60,
      costMinor,
    },
  })),
  fc.tuple(member, amount).map(([memberId, chargedMinor]): LedgerEvent => ({
    type: 'FeatureGranted',
    data: { grantId: `g${chargedMinor}`, memberId, departmentId: null, feature: 'voicemail', category: 'voicemail' as never, options: {}, chargedMinor },
  })),
  member.map((memberId): LedgerEvent => ({ type: 'MemberAccountClosed', data: { memberId, reason: 'removed' } })),
  fc.constantFrom(...DEPARTMENTS).map((departmentId): LedgerEvent => ({ type: 'DepartmentBudgetOpened', data: { departmentId } })),
);

/** The domain's violation messages as LedgerAudit's rule keys. */
function ruleKeys(violations: string[]): string[] {
  const patterns: Array<[RegExp, (id: string) => string]> = [
    [/^company pool is negative/, () => 'negative:company'],
    [/^department (\S+) budget is negative/, (id) => `negative:d:${id}`],
    [/^member (\S+) balance is negative/, (id) => `negative:m:${id}`],
    [/^removed member (\S+) holds credit/, (id) => `closed-credit:m:${id}`],
    [/^conservation broken/, () => 'conservation'],
  ];
  return violations
    .map((violation) => {
      const found = patterns.find(([pattern]) => pattern.test(violation));
      if (found === undefined) throw new Error(`unexpected violation wording: ${violation}`);
      return found[1](found[0].exec(violation)?.[1] ?? '');
    })
    .sort();
}

describe('LedgerAudit', () => {
  it('should see exactly the rules the domain full check sees broken, after every event', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 60 }), (movements) => {
        const audit = new LedgerAudit();
        for (const event of [...opening, ...movements]) {
          audit.apply(event);
          expect([...audit.brokenRules].sort()).toEqual(ruleKeys(ledgerInvariantViolations(audit.state)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should report a rule when it breaks, not again while it stays broken', () => {
    const audit = new LedgerAudit();
    opening.forEach((event) => audit.apply(event));
    const overdraw: LedgerEvent = {
      type: 'CreditAllocated',
      data: { allocationId: 'a1', from: { type: 'company' }, to: { type: 'member', memberId: 'm1' }, amountMinor: 10, reason: 'manual' },
    };
    expect(audit.apply(overdraw)).toEqual([{ key: 'negative:company', detail: 'company pool is negative (-10)' }]);
    expect(audit.apply({ ...overdraw, data: { ...overdraw.data, amountMinor: 5 } })).toEqual([]);
    const refill: LedgerEvent = { type: 'CreditPurchased', data: { purchaseId: 'p', amountMinor: 15, currency: 'EUR', paymentReference: 'r' } };
    expect(audit.apply(refill)).toEqual([]);
    expect(audit.broken).toBe(false);
    // Healthy again, so breaking it again is news.
    expect(audit.apply(overdraw)).toHaveLength(1);
  });

  it('should word a breach as the domain does', () => {
    const audit = new LedgerAudit();
    opening.forEach((event) => audit.apply(event));
    const [breach] = audit.apply({
      type: 'UsageCharged',
      data: {
        usageId: 'u1', memberId: 'm2', departmentId: null, kind: 'call', category: 'calls',
        destination: '+33142685300', startedAt: '2025-03-01T00:00:00.000Z', durationSeconds: 60, costMinor: 7,
      },
    });
    expect(breach.detail).toBe(ledgerInvariantViolations(audit.state).join('; '));
    expect(breach.detail).toContain('member m2 balance is negative (-7)');
  });

  it('should find the same breaches and balances without the usage register', () => {
    const usage = (index: number): LedgerEvent => ({
      type: 'UsageCharged',
      data: {
        usageId: `u${index}`, memberId: MEMBERS[index % MEMBERS.length], departmentId: null, kind: 'call', category: 'calls',
        destination: '+33142685300', startedAt: new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString(), durationSeconds: 60, costMinor: 1,
      },
    });
    const full = new LedgerAudit();
    const lean = new LedgerAudit({ keepUsageRegister: false });
    const events: LedgerEvent[] = [
      ...opening,
      { type: 'CreditPurchased', data: { purchaseId: 'p', amountMinor: 2000, currency: 'EUR', paymentReference: 'r' } },
      { type: 'CreditAllocated', data: { allocationId: 'a', from: { type: 'company' }, to: { type: 'member', memberId: 'm1' }, amountMinor: 900, reason: 'manual' } },
      ...Array.from({ length: 3000 }, (_, index) => usage(index)),
    ];
    for (const event of events) expect(lean.apply(event)).toEqual(full.apply(event));
    const { usageSeen, usageByDay, ...balances } = full.state as Extract<typeof full.state, { status: 'open' }>;
    expect(lean.state).toMatchObject(balances);
    expect(Object.keys(usageSeen).length).toBeGreaterThan(Object.keys((lean.state as typeof full.state & { usageSeen: object }).usageSeen).length);
    expect(usageByDay).toBeDefined();
    expect(lean.fullCheck()).toEqual(full.fullCheck());
  });
});

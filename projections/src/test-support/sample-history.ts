import { DEFAULT_PERMISSIONS, type CreditAccount, type DomainEvent } from '@skype-manager/domain';
import { EventLog } from './event-log';

/**
 * A small but complete history of two Managers, used by every projection spec:
 * "Architectes" (m-1, EUR) sets up two departments, invites Ann, Bob and Cleo, buys and allocates
 * credit, grants features, records usage, moves Ann to Sales, reclaims credit and removes Bob.
 * "Bureau" (m-2, GBP) has one member and some usage: nothing of it may leak into m-1's read models.
 */
export const M1 = 'm-1';
export const M2 = 'm-2';
export const DESIGN = 'dep-design';
export const SALES = 'dep-sales';
export const ANN = 'mem-ann';
export const BOB = 'mem-bob';
export const CLEO = 'mem-cleo';
export const DAN = 'mem-dan';

const company: CreditAccount = { type: 'company' };
const department = (departmentId: string): CreditAccount => ({ type: 'department', departmentId });
const member = (memberId: string): CreditAccount => ({ type: 'member', memberId });

function setUp(log: EventLog, managerId: string, name: string, currency: string): void {
  log.manager(managerId, {
    type: 'ManagerSetUp',
    data: { managerId, name, adminAccount: `admin.${name.toLowerCase()}`, currency, country: 'FR' },
  });
  log.ledger(managerId, { type: 'LedgerOpened', data: { managerId, currency, country: 'FR' } });
}

function openDepartment(log: EventLog, managerId: string, departmentId: string, name: string): void {
  log.manager(managerId, { type: 'DepartmentCreated', data: { departmentId, name } });
  log.ledger(managerId, { type: 'DepartmentBudgetOpened', data: { departmentId } });
}

function invite(
  log: EventLog,
  managerId: string,
  memberId: string,
  displayName: string,
  departmentId: string | null,
): void {
  log.member(managerId, memberId, {
    type: 'MemberInvited',
    data: {
      memberId,
      managerId,
      email: `${displayName.toLowerCase()}@example.com`,
      account: null,
      displayName,
      departmentId,
      invitationTokenHash: `hash-${memberId}`,
      expiresAt: '2025-03-31T09:00:00.000Z',
    },
  });
  log.ledger(managerId, { type: 'MemberAccountOpened', data: { memberId, departmentId, displayName } });
}

function accept(log: EventLog, managerId: string, memberId: string, account: string): void {
  log.member(managerId, memberId, {
    type: 'InvitationAccepted',
    data: { memberId, account, apiKeyHash: `key-${memberId}` },
  });
  log.ledger(managerId, { type: 'MemberAccountActivated', data: { memberId } });
}

function allocate(
  allocationId: string,
  from: CreditAccount,
  to: CreditAccount,
  amountMinor: number,
): DomainEvent {
  return { type: 'CreditAllocated', data: { allocationId, from, to, amountMinor, reason: 'manual' } };
}

export function usage(
  usageId: string,
  memberId: string,
  departmentId: string | null,
  startedAt: string,
  costMinor: number,
  kind: 'call' | 'sms' = 'call',
): DomainEvent {
  return {
    type: 'UsageCharged',
    data: {
      usageId,
      memberId,
      departmentId,
      kind,
      category: kind === 'call' ? 'calls' : 'sms',
      destination: '+33142000000',
      startedAt,
      durationSeconds: kind === 'call' ? 60 : 0,
      costMinor,
    },
  };
}

export function sampleHistory(): EventLog {
  const log = new EventLog('2025-03-01T09:00:00.000Z');
  setUp(log, M1, 'Architectes', 'EUR');
  openDepartment(log, M1, DESIGN, 'Design');
  openDepartment(log, M1, SALES, 'Sales');
  invite(log, M1, ANN, 'Ann', DESIGN);
  invite(log, M1, BOB, 'Bob', SALES);
  invite(log, M1, CLEO, 'Cleo', null);
  log.member(M1, ANN, {
    type: 'InvitationResent',
    data: { memberId: ANN, invitationTokenHash: 'hash-2', expiresAt: '2025-04-01T09:00:00.000Z' },
  });
  accept(log, M1, ANN, 'ann.archi');
  accept(log, M1, BOB, 'bob.archi');
  log.member(M1, CLEO, { type: 'InvitationDeclined', data: { memberId: CLEO } });
  log.ledger(M1, { type: 'MemberAccountClosed', data: { memberId: CLEO, reason: 'declined' } });

  log.at('2025-03-02T08:00:00.000Z');
  log.ledger(
    M1,
    {
      type: 'CreditPurchased',
      data: { purchaseId: 'pur-1', amountMinor: 100_000, currency: 'EUR', paymentReference: 'PAY-1' },
    },
    allocate('alloc-1', company, department(DESIGN), 30_000),
    allocate('alloc-2', company, member(ANN), 5_000),
    allocate('alloc-3', department(DESIGN), member(ANN), 10_000),
    allocate('alloc-4', company, member(BOB), 2_000),
    {
      type: 'MemberPermissionsSet',
      data: {
        memberId: ANN,
        ...DEFAULT_PERMISSIONS,
        destinations: 'domestic',
        monthlySpendLimitMinor: 8_000,
      },
    },
  );
  log.ledger(M1, {
    type: 'FeatureGranted',
    data: {
      grantId: 'grant-1',
      memberId: ANN,
      departmentId: DESIGN,
      feature: 'subscription',
      category: 'subscriptions',
      options: { plan: 'europe' },
      chargedMinor: 1_000,
    },
  });
  log.ledger(M1, {
    type: 'FeatureGranted',
    data: {
      grantId: 'grant-2',
      memberId: BOB,
      departmentId: SALES,
      feature: 'online-number',
      category: 'numbers',
      options: { number: '+33142000001' },
      chargedMinor: 600,
    },
  });
  log.ledger(
    M1,
    usage('use-1', ANN, DESIGN, '2025-03-02T10:00:00.000Z', 250),
    usage('use-2', ANN, DESIGN, '2025-03-02T23:30:00.000Z', 10, 'sms'),
    usage('use-3', BOB, SALES, '2025-03-03T01:30:00+02:00', 120),
    {
      type: 'MemberMovedToDepartment',
      data: { memberId: ANN, fromDepartmentId: DESIGN, toDepartmentId: SALES },
    },
    usage('use-4', ANN, SALES, '2025-03-05T12:00:00.000Z', 300),
    {
      type: 'CreditReclaimed',
      data: { reclaimId: 'rec-1', from: department(DESIGN), amountMinor: 5_000, reason: 'manual' },
    },
  );

  log.at('2025-03-06T10:00:00.000Z');
  log.member(M1, BOB, { type: 'MemberRemoved', data: { memberId: BOB } });
  log.ledger(
    M1,
    {
      type: 'CreditReclaimed',
      data: { reclaimId: 'rec-2', from: member(BOB), amountMinor: 1_880, reason: 'member-removed' },
    },
    {
      type: 'FeatureRevoked',
      data: { grantId: 'grant-2', memberId: BOB, feature: 'online-number', reason: 'member-removed' },
    },
    { type: 'MemberAccountClosed', data: { memberId: BOB, reason: 'removed' } },
  );
  log.manager(M1, { type: 'ManagerDetailsUpdated', data: { name: 'Architectes & Co' } });

  setUp(log, M2, 'Bureau', 'GBP');
  invite(log, M2, DAN, 'Dan', null);
  accept(log, M2, DAN, 'dan.bureau');
  log.ledger(
    M2,
    {
      type: 'CreditPurchased',
      data: { purchaseId: 'pur-9', amountMinor: 7_000, currency: 'GBP', paymentReference: 'PAY-9' },
    },
    allocate('alloc-9', company, member(DAN), 4_000),
    usage('use-9', DAN, null, '2025-03-02T10:00:00.000Z', 999),
  );
  return log;
}

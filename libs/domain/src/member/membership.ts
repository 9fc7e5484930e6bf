import type { MoveMemberToDepartment, RemoveMember, SetAutoAllocation, SetMemberPermissions } from '../commands';
import {
  decision,
  requireLedger,
  requireMemberAccount,
  requireOpenDepartment,
  type Decision,
  type DecisionContext,
} from '../decision';
import type { LedgerEvent } from '../ledger/ledger.events';
import type { MemberAccount } from '../ledger/ledger.state';
import type { AccountNameEvent } from '../account-names/account-name.events';
import { DESTINATIONS, isFeature } from '../shared/features';
import { invalid, refuse } from '../shared/errors';
import { isAmountMinor, isNonNegativeAmountMinor } from '../shared/money';
import { requireMemberOf } from './invitations';

function requireOpenAccount(account: MemberAccount): void {
  if (account.status === 'closed') {
    refuse('member-not-active', `Member ${account.memberId} has left this Manager`, { memberId: account.memberId });
  }
}

/** Removing a member returns the balance to the company pool, revokes every feature and frees the numbers. */
export function removeMember(ctx: DecisionContext, command: RemoveMember): Decision {
  const { managerId, memberId, reclaimId } = command.data;
  const ledger = requireLedger(ctx);
  const member = requireMemberOf(ctx, managerId, memberId);
  if (member.status !== 'invited' && member.status !== 'active') {
    refuse('member-not-active', `Member ${memberId} is ${member.status}; only invited or active members can be removed`);
  }
  const account = requireMemberAccount(ledger, memberId);
  const ledgerEvents: LedgerEvent[] = [];
  if (account.balanceMinor > 0) {
    ledgerEvents.push({
      type: 'CreditReclaimed',
      data: {
        reclaimId,
        from: { type: 'member', memberId },
        amountMinor: account.balanceMinor,
        reason: 'member-removed',
      },
    });
  }
  for (const grant of Object.values(ledger.grants)) {
    if (grant.memberId !== memberId) continue;
    ledgerEvents.push({
      type: 'FeatureRevoked',
      data: { grantId: grant.grantId, memberId, feature: grant.feature, reason: 'member-removed' },
    });
  }
  ledgerEvents.push({ type: 'MemberAccountClosed', data: { memberId, reason: 'removed' } });
  const accountName: AccountNameEvent[] =
    member.status === 'active' && member.account
      ? [{ type: 'AccountNameReleased', data: { account: member.account, managerId, memberId } }]
      : [];
  return decision({ member: [{ type: 'MemberRemoved', data: { memberId } }], ledger: ledgerEvents, accountName });
}

export function moveMemberToDepartment(ctx: DecisionContext, command: MoveMemberToDepartment): Decision {
  const ledger = requireLedger(ctx);
  const { memberId, departmentId } = command.data;
  const account = requireMemberAccount(ledger, memberId);
  requireOpenAccount(account);
  if (departmentId) requireOpenDepartment(ledger, departmentId);
  if (account.departmentId === departmentId) return decision({});
  return decision({
    ledger: [
      {
        type: 'MemberMovedToDepartment',
        data: { memberId, fromDepartmentId: account.departmentId, toDepartmentId: departmentId },
      },
    ],
  });
}

export function setMemberPermissions(ctx: DecisionContext, command: SetMemberPermissions): Decision {
  const ledger = requireLedger(ctx);
  const { memberId, features, destinations, monthlySpendLimitMinor } = command.data;
  requireOpenAccount(requireMemberAccount(ledger, memberId));
  const unknown = features.filter((f) => !isFeature(f));
  if (unknown.length > 0) invalid('features', `unknown feature(s): ${unknown.join(', ')}`);
  if (!DESTINATIONS.includes(destinations)) invalid('destinations', `destinations must be one of ${DESTINATIONS.join(', ')}`);
  if (monthlySpendLimitMinor !== null && !isNonNegativeAmountMinor(monthlySpendLimitMinor)) {
    invalid('monthlySpendLimitMinor', 'monthlySpendLimitMinor must be a non-negative integer of minor units');
  }
  return decision({
    ledger: [
      {
        type: 'MemberPermissionsSet',
        data: { memberId, features: [...new Set(features)], destinations, monthlySpendLimitMinor },
      },
    ],
  });
}

export function setAutoAllocation(ctx: DecisionContext, command: SetAutoAllocation): Decision {
  const ledger = requireLedger(ctx);
  const { memberId, rule } = command.data;
  requireOpenAccount(requireMemberAccount(ledger, memberId));
  if (rule) {
    if (!isAmountMinor(rule.topUpToMinor)) invalid('topUpToMinor', 'topUpToMinor must be a positive integer');
    if (!isNonNegativeAmountMinor(rule.whenBelowMinor)) invalid('whenBelowMinor', 'whenBelowMinor must be ≥ 0');
    if (rule.whenBelowMinor >= rule.topUpToMinor) {
      invalid('whenBelowMinor', 'whenBelowMinor must be lower than topUpToMinor');
    }
    if (rule.monthlyLimitMinor !== null && !isAmountMinor(rule.monthlyLimitMinor)) {
      invalid('monthlyLimitMinor', 'monthlyLimitMinor must be a positive integer or null');
    }
  }
  return decision({ ledger: [{ type: 'AutoAllocationSet', data: { memberId, rule: rule ? { ...rule } : null } }] });
}

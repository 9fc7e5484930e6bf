import type { AllocateCredit, PurchaseCredit, ReclaimCredit } from '../commands';
import {
  decision,
  requireLedger,
  requireMemberAccount,
  requireOpenDepartment,
  type Decision,
  type DecisionContext,
} from '../decision';
import { accountData, describeAccount, type CreditAccount } from '../shared/accounts';
import { invalid, refuse } from '../shared/errors';
import { isAmountMinor } from '../shared/money';
import { checkName } from '../shared/text';
import { balanceOf, type OpenLedger } from './ledger.state';

export function purchaseCredit(ctx: DecisionContext, command: PurchaseCredit): Decision {
  const ledger = requireLedger(ctx);
  const { purchaseId, amountMinor, currency, paymentReference } = command.data;
  if (!isAmountMinor(amountMinor)) invalid('amountMinor', 'amountMinor must be a positive integer of minor units');
  checkName('paymentReference', paymentReference);
  if (currency !== ledger.currency) {
    refuse('currency-mismatch', `This Manager's currency is ${ledger.currency}, not ${currency}`, {
      currency: ledger.currency,
    });
  }
  if (ledger.paymentReferences[paymentReference]) {
    refuse('duplicate-payment-reference', `Payment ${paymentReference} was already credited`, {
      purchaseId: ledger.paymentReferences[paymentReference],
    });
  }
  if (ledger.purchasedMinor + amountMinor > Number.MAX_SAFE_INTEGER) {
    refuse('amount-too-large', 'The total purchased would exceed what can be represented exactly');
  }
  return decision({
    // Keys in canonical (sorted) order, as in every credit event (see accountData).
    ledger: [{ type: 'CreditPurchased', data: { amountMinor, currency, paymentReference, purchaseId } }],
  });
}

/** Checks that an account can take part in a movement: it exists and is open. */
function requireUsableAccount(ledger: OpenLedger, account: CreditAccount): void {
  if (account.type === 'department') requireOpenDepartment(ledger, account.departmentId);
  if (account.type === 'member') {
    const member = requireMemberAccount(ledger, account.memberId);
    if (member.status !== 'active') {
      refuse('member-not-active', `Member ${account.memberId} is not an active member`, { memberId: account.memberId });
    }
  }
}

function requireFunds(ledger: OpenLedger, account: CreditAccount, amountMinor: number): void {
  const available = balanceOf(ledger, account);
  if (available < amountMinor) {
    refuse('insufficient-credit', `The ${describeAccount(account)} holds ${available}, less than ${amountMinor}`, {
      availableMinor: available,
      requestedMinor: amountMinor,
    });
  }
}

/** Credit flows down: company pool → department budget → member; or company pool → member directly. */
export function allocateCredit(ctx: DecisionContext, command: AllocateCredit): Decision {
  const ledger = requireLedger(ctx);
  const { allocationId, from, to, amountMinor } = command.data;
  if (!isAmountMinor(amountMinor)) invalid('amountMinor', 'amountMinor must be a positive integer of minor units');
  if (to.type === 'company') invalid('to', 'allocate to a department or a member; use a reclaim to return credit');
  if (from.type === 'member') invalid('from', 'credit is allocated from the company pool or a department');
  if (from.type === 'department' && to.type === 'department') {
    invalid('to', 'a department allocates to its members, not to another department');
  }
  requireUsableAccount(ledger, from);
  requireUsableAccount(ledger, to);
  if (from.type === 'department' && to.type === 'member') {
    const member = ledger.members[to.memberId];
    if (member.departmentId !== from.departmentId) {
      refuse('member-not-in-department', `Member ${to.memberId} is not in department ${from.departmentId}`);
    }
  }
  requireFunds(ledger, from, amountMinor);
  return decision({
    ledger: [
      {
        type: 'CreditAllocated',
        data: { allocationId, amountMinor, from: accountData(from), reason: 'manual', to: accountData(to) },
      },
    ],
  });
}

/** Unused credit goes back to the company pool: a given amount, or all of it. */
export function reclaimCredit(ctx: DecisionContext, command: ReclaimCredit): Decision {
  const ledger = requireLedger(ctx);
  const { reclaimId, from, amountMinor } = command.data;
  if (from.type === 'company') invalid('from', 'reclaim from a department or a member');
  if (amountMinor !== null && !isAmountMinor(amountMinor)) {
    invalid('amountMinor', 'amountMinor must be a positive integer of minor units, or omitted for all');
  }
  if (from.type === 'department') requireOpenDepartment(ledger, from.departmentId);
  if (from.type === 'member') requireMemberAccount(ledger, from.memberId);
  const available = balanceOf(ledger, from);
  const amount = amountMinor ?? available;
  if (amount === 0) refuse('nothing-to-reclaim', `The ${describeAccount(from)} holds no credit`);
  requireFunds(ledger, from, amount);
  return decision({
    ledger: [{ type: 'CreditReclaimed', data: { amountMinor: amount, from: accountData(from), reason: 'manual', reclaimId } }],
  });
}

import type { LedgerEvent } from '@skype-manager/domain';

/**
 * Every type the ledger stream may hold. `evolveLedger` trusts its input (its `never` branch returns
 * whatever it was given), so an auditor must refuse a type it does not know before folding it.
 * The `Record` makes this list fail to compile when the domain adds or renames a ledger event.
 */
const LEDGER_TYPES: Record<LedgerEvent['type'], true> = {
  LedgerOpened: true,
  CatalogueSet: true,
  DepartmentBudgetOpened: true,
  DepartmentBudgetClosed: true,
  MemberAccountOpened: true,
  MemberAccountActivated: true,
  MemberAccountClosed: true,
  MemberMovedToDepartment: true,
  MemberPermissionsSet: true,
  AutoAllocationSet: true,
  CreditPurchased: true,
  CreditAllocated: true,
  CreditReclaimed: true,
  FeatureGranted: true,
  FeatureRevoked: true,
  UsageCharged: true,
  UsageRejected: true,
};

export function isLedgerEventType(type: string): type is LedgerEvent['type'] {
  return Object.prototype.hasOwnProperty.call(LEDGER_TYPES, type);
}

export const ledgerStreamId = (managerId: string): string => `ledger-${managerId}`;

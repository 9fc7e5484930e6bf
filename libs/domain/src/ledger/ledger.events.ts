import type { CreditAccount } from '../shared/accounts';
import type { Feature, Permissions, SpendCategory } from '../shared/features';

/**
 * Events of the `ledger-{managerId}` stream: every credit movement of one Manager, plus the facts about
 * members and departments that money rules need (so every money rule is decided inside this one stream).
 * Amounts are integers in minor units of the ledger's currency.
 */
export type LedgerOpened = {
  type: 'LedgerOpened';
  data: { managerId: string; currency: string; country: string };
};
export type CatalogueSet = { type: 'CatalogueSet'; data: { prices: Record<Feature, number> } };
export type DepartmentBudgetOpened = { type: 'DepartmentBudgetOpened'; data: { departmentId: string } };
export type DepartmentBudgetClosed = { type: 'DepartmentBudgetClosed'; data: { departmentId: string } };

export type MemberAccountOpened = {
  type: 'MemberAccountOpened';
  data: {
    memberId: string;
    departmentId: string | null;
    displayName: string;
    /** The invited e-mail or account, lower-cased: one open invitation or membership per contact. */
    contact?: string;
  };
};
export type MemberAccountActivated = { type: 'MemberAccountActivated'; data: { memberId: string } };
export type MemberAccountClosed = {
  type: 'MemberAccountClosed';
  data: { memberId: string; reason: 'removed' | 'declined' | 'cancelled' };
};
export type MemberMovedToDepartment = {
  type: 'MemberMovedToDepartment';
  data: { memberId: string; fromDepartmentId: string | null; toDepartmentId: string | null };
};
export type MemberPermissionsSet = {
  type: 'MemberPermissionsSet';
  data: { memberId: string } & Permissions;
};
export interface AutoAllocationRule {
  topUpToMinor: number;
  whenBelowMinor: number;
  monthlyLimitMinor: number | null;
}
export type AutoAllocationSet = {
  type: 'AutoAllocationSet';
  data: { memberId: string; rule: AutoAllocationRule | null };
};

export type CreditPurchased = {
  type: 'CreditPurchased';
  data: { purchaseId: string; amountMinor: number; currency: string; paymentReference: string };
};
export type CreditAllocated = {
  type: 'CreditAllocated';
  data: {
    allocationId: string;
    from: CreditAccount;
    to: CreditAccount;
    amountMinor: number;
    /** 'auto-top-up' when a member's automatic top-up rule triggered it. */
    reason: 'manual' | 'auto-top-up';
    /** For an auto top-up: the month 'YYYY-MM' whose monthly limit it counts against. */
    month?: string;
  };
};
export type CreditReclaimed = {
  type: 'CreditReclaimed';
  data: {
    reclaimId: string;
    from: CreditAccount;
    amountMinor: number;
    reason: 'manual' | 'member-removed';
  };
};
export type FeatureGranted = {
  type: 'FeatureGranted';
  data: {
    grantId: string;
    memberId: string;
    /** The member's department when the charge happened (reports attribute spend to it). */
    departmentId: string | null;
    feature: Feature;
    category: SpendCategory;
    /** For an online number, the E.164 number; for a subscription, the plan. */
    options: { number?: string; plan?: string };
    chargedMinor: number;
  };
};
export type FeatureRevoked = {
  type: 'FeatureRevoked';
  data: { grantId: string; memberId: string; feature: Feature; reason: 'revoked' | 'member-removed' };
};
export type UsageKind = 'call' | 'sms';
export type UsageCharged = {
  type: 'UsageCharged';
  data: {
    usageId: string;
    memberId: string;
    departmentId: string | null;
    kind: UsageKind;
    category: SpendCategory;
    destination: string;
    startedAt: string;
    durationSeconds: number;
    costMinor: number;
  };
};
export type UsageRejectionReason =
  | 'member-not-active'
  | 'destination-not-allowed'
  | 'invalid-destination'
  | 'monthly-spend-limit-reached'
  | 'insufficient-credit'
  | 'usage-too-old'
  | 'usage-in-future';
export type UsageRejected = {
  type: 'UsageRejected';
  data: {
    usageId: string;
    memberId: string;
    kind: UsageKind;
    destination: string;
    startedAt: string;
    costMinor: number;
    reason: UsageRejectionReason;
  };
};

export type LedgerEvent =
  | LedgerOpened
  | CatalogueSet
  | DepartmentBudgetOpened
  | DepartmentBudgetClosed
  | MemberAccountOpened
  | MemberAccountActivated
  | MemberAccountClosed
  | MemberMovedToDepartment
  | MemberPermissionsSet
  | AutoAllocationSet
  | CreditPurchased
  | CreditAllocated
  | CreditReclaimed
  | FeatureGranted
  | FeatureRevoked
  | UsageCharged
  | UsageRejected;

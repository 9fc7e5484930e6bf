import type { CreditAccount } from '../shared/accounts';
import { DEFAULT_CATALOGUE, DEFAULT_PERMISSIONS, type Feature, type Permissions } from '../shared/features';
import { epochDay, monthOf } from '../shared/time';
import type { AutoAllocationRule, LedgerEvent } from './ledger.events';

export interface MemberAccount {
  memberId: string;
  displayName: string;
  contact: string | null;
  status: 'invited' | 'active' | 'closed';
  departmentId: string | null;
  balanceMinor: number;
  permissions: Permissions;
  autoAllocation: AutoAllocationRule | null;
  /** Charged per calendar month 'YYYY-MM' (UTC of the usage's start); the last few months only. */
  spentByMonth: Record<string, number>;
  /** Automatically allocated per month, for the rule's monthly limit; the last few months only. */
  autoAllocatedByMonth: Record<string, number>;
}

export interface DepartmentBudget {
  departmentId: string;
  budgetMinor: number;
  open: boolean;
}

export interface Grant {
  grantId: string;
  memberId: string;
  feature: Feature;
  number: string | null;
}

export interface OpenLedger {
  status: 'open';
  managerId: string;
  currency: string;
  country: string;
  catalogue: Record<Feature, number>;
  companyMinor: number;
  purchasedMinor: number;
  chargedMinor: number;
  departments: Record<string, DepartmentBudget>;
  members: Record<string, MemberAccount>;
  /** Active grants only. */
  grants: Record<string, Grant>;
  /** Assigned online numbers (E.164) → grantId. */
  numbers: Record<string, string>;
  paymentReferences: Record<string, string>;
  /** usageId → UTC epoch day it started, for the usage window (older ones are pruned). */
  usageSeen: Record<string, number>;
  /** The same ids by day, so pruning drops whole days without scanning every id. */
  usageByDay: Record<string, string[]>;
  /** Latest usage start day seen: the pruning horizon moves with it. */
  latestUsageDay: number;
}

export type LedgerState = { status: 'none' } | OpenLedger;

/** How many days of usage ids are remembered; older usage is refused (see record-usage). */
export const USAGE_WINDOW_DAYS = 35;
const USAGE_PRUNE_DAYS = USAGE_WINDOW_DAYS + 5;
const MONTHS_KEPT = 3;

export const initialLedgerState = (): LedgerState => ({ status: 'none' });

export function balanceOf(state: OpenLedger, account: CreditAccount): number {
  switch (account.type) {
    case 'company':
      return state.companyMinor;
    case 'department':
      return state.departments[account.departmentId]?.budgetMinor ?? 0;
    case 'member':
      return state.members[account.memberId]?.balanceMinor ?? 0;
  }
}

function addTo(state: OpenLedger, account: CreditAccount, deltaMinor: number): void {
  switch (account.type) {
    case 'company':
      state.companyMinor += deltaMinor;
      return;
    case 'department':
      state.departments[account.departmentId].budgetMinor += deltaMinor;
      return;
    case 'member':
      state.members[account.memberId].balanceMinor += deltaMinor;
      return;
  }
}

function addToMonth(byMonth: Record<string, number>, month: string, amountMinor: number): void {
  const before = byMonth[month];
  byMonth[month] = (before ?? 0) + amountMinor;
  // Only a new month can take the count past MONTHS_KEPT (every addition comes through here).
  if (before !== undefined) return;
  const months = Object.keys(byMonth);
  if (months.length > MONTHS_KEPT) {
    for (const old of months.sort().slice(0, months.length - MONTHS_KEPT)) delete byMonth[old];
  }
}

function rememberUsage(state: OpenLedger, usageId: string, startedAt: string): void {
  const day = epochDay(startedAt);
  state.usageSeen[usageId] = day;
  (state.usageByDay[day] ??= []).push(usageId);
  if (day > state.latestUsageDay) {
    // Pruning is decided by the events alone, so replaying them gives the same state. Whole days are
    // dropped at once: the cost is the ids forgotten, not the ids remembered.
    state.latestUsageDay = day;
    const horizon = day - USAGE_PRUNE_DAYS;
    for (const key of Object.keys(state.usageByDay)) {
      if (Number(key) >= horizon) continue;
      for (const id of state.usageByDay[key]) if (state.usageSeen[id] === Number(key)) delete state.usageSeen[id];
      delete state.usageByDay[key];
    }
  }
}

/** Folds one event into the state. Updates in place for speed: the state is owned by one writer. */
export function evolveLedger(state: LedgerState, event: LedgerEvent): LedgerState {
  if (event.type === 'LedgerOpened') return openLedger(event.data);
  if (state.status !== 'open') return state;
  switch (event.type) {
    case 'CatalogueSet':
      state.catalogue = { ...event.data.prices };
      return state;
    case 'DepartmentBudgetOpened':
      state.departments[event.data.departmentId] = { departmentId: event.data.departmentId, budgetMinor: 0, open: true };
      return state;
    case 'DepartmentBudgetClosed':
      state.departments[event.data.departmentId].open = false;
      return state;
    case 'MemberAccountOpened':
      state.members[event.data.memberId] = newMemberAccount(event.data);
      return state;
    case 'MemberAccountActivated':
      state.members[event.data.memberId].status = 'active';
      return state;
    case 'MemberAccountClosed':
      state.members[event.data.memberId].status = 'closed';
      return state;
    case 'MemberMovedToDepartment':
      state.members[event.data.memberId].departmentId = event.data.toDepartmentId;
      return state;
    case 'MemberPermissionsSet': {
      const { memberId, ...permissions } = event.data;
      state.members[memberId].permissions = { ...permissions, features: [...permissions.features] };
      return state;
    }
    case 'AutoAllocationSet':
      state.members[event.data.memberId].autoAllocation = event.data.rule ? { ...event.data.rule } : null;
      return state;
    case 'CreditPurchased':
      state.companyMinor += event.data.amountMinor;
      state.purchasedMinor += event.data.amountMinor;
      state.paymentReferences[event.data.paymentReference] = event.data.purchaseId;
      return state;
    case 'CreditAllocated':
      addTo(state, event.data.from, -event.data.amountMinor);
      addTo(state, event.data.to, event.data.amountMinor);
      if (event.data.reason === 'auto-top-up' && event.data.to.type === 'member') {
        const member = state.members[event.data.to.memberId];
        addToMonth(member.autoAllocatedByMonth, event.data.month ?? 'unknown', event.data.amountMinor);
      }
      return state;
    case 'CreditReclaimed':
      addTo(state, event.data.from, -event.data.amountMinor);
      state.companyMinor += event.data.amountMinor;
      return state;
    case 'FeatureGranted':
      state.companyMinor -= event.data.chargedMinor;
      state.chargedMinor += event.data.chargedMinor;
      state.grants[event.data.grantId] = {
        grantId: event.data.grantId,
        memberId: event.data.memberId,
        feature: event.data.feature,
        number: event.data.options.number ?? null,
      };
      if (event.data.options.number) state.numbers[event.data.options.number] = event.data.grantId;
      return state;
    case 'FeatureRevoked': {
      const grant = state.grants[event.data.grantId];
      if (grant?.number) delete state.numbers[grant.number];
      delete state.grants[event.data.grantId];
      return state;
    }
    case 'UsageCharged': {
      const member = state.members[event.data.memberId];
      member.balanceMinor -= event.data.costMinor;
      state.chargedMinor += event.data.costMinor;
      addToMonth(member.spentByMonth, monthOf(event.data.startedAt), event.data.costMinor);
      rememberUsage(state, event.data.usageId, event.data.startedAt);
      return state;
    }
    case 'UsageRejected':
      // A record dated in the future must not move the usage window forward (one bad clock would then
      // make every later record "too old"); it was never charged, so a retry may be decided afresh.
      if (event.data.reason !== 'usage-in-future') rememberUsage(state, event.data.usageId, event.data.startedAt);
      return state;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

function openLedger(data: { managerId: string; currency: string; country: string }): OpenLedger {
  return {
    status: 'open',
    ...data,
    catalogue: { ...DEFAULT_CATALOGUE },
    companyMinor: 0,
    purchasedMinor: 0,
    chargedMinor: 0,
    departments: {},
    members: {},
    grants: {},
    numbers: {},
    paymentReferences: {},
    usageSeen: {},
    usageByDay: {},
    latestUsageDay: 0,
  };
}

function newMemberAccount(data: {
  memberId: string;
  departmentId: string | null;
  displayName: string;
  contact?: string;
}): MemberAccount {
  return {
    memberId: data.memberId,
    displayName: data.displayName,
    contact: data.contact ?? null,
    status: 'invited',
    departmentId: data.departmentId,
    balanceMinor: 0,
    permissions: { ...DEFAULT_PERMISSIONS, features: [...DEFAULT_PERMISSIONS.features] },
    autoAllocation: null,
    spentByMonth: {},
    autoAllocatedByMonth: {},
  };
}

/**
 * The ledger state as snapshot text. The usage register is written once: `usageSeen` (id → day) is
 * kept and `usageByDay` (the same ids grouped by day, only there to prune whole days) is left out, to
 * be rebuilt on load by `ledgerFromSnapshot`. Writing both cost two copies of every usage id of the
 * window, the bulk of a busy ledger's snapshot.
 */
export function ledgerSnapshotText(state: LedgerState): string {
  if (state.status !== 'open') return JSON.stringify(state);
  // A shallow copy without the index (JSON.stringify skips undefined members).
  return JSON.stringify({ ...state, usageByDay: undefined });
}

/**
 * The state a `ledgerSnapshotText` snapshot holds, with `usageByDay` rebuilt from `usageSeen`. The
 * rebuilt index lists exactly the ids whose remembered day it is, so pruning forgets exactly what it
 * forgot before; only ids that pruning skipped anyway (listed under a day they no longer belong to)
 * are not listed again.
 */
export function ledgerFromSnapshot(value: unknown): LedgerState {
  const state = value as LedgerState;
  if (state.status !== 'open') return state;
  const seen = state.usageSeen;
  const byDay: Record<string, string[]> = {};
  let list: string[] | undefined;
  let listDay = NaN;
  for (const usageId in seen) {
    // Ids are remembered in the order they arrive, mostly day after day: reuse the last day's list.
    const day = seen[usageId];
    if (day !== listDay) {
      listDay = day;
      list = byDay[day] ??= [];
    }
    list!.push(usageId);
  }
  state.usageByDay = byDay;
  return state;
}

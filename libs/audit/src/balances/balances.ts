import type { LedgerState } from '@skype-manager/domain';

/**
 * Balances of one Manager, in the shape of `GET /v1/managers/{m}/balances`: integers in minor units
 * of the Manager's currency. Accounts are listed by id so two answers compare with a plain deep-equal.
 */
export interface Balances {
  currency: string;
  company: { availableMinor: number };
  departments: Array<{ departmentId: string; availableMinor: number }>;
  members: Array<{ memberId: string; availableMinor: number }>;
}

/** Balances as of an instant, and which ledger event they reflect. */
export interface BalancesAsOf extends Balances {
  managerId: string;
  /** The instant asked for (normalised to ISO-8601 UTC). */
  asOf: string;
  /** Global position of the last ledger event applied (0: the ledger did not exist yet). */
  position: number;
  /** Ledger revision of that event (-1: none). */
  revision: number;
}

/** Every account of the ledger, including closed ones (an auditor asks what existed then). */
export function balancesOf(state: LedgerState): Balances | undefined {
  if (state.status !== 'open') return undefined;
  const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    currency: state.currency,
    company: { availableMinor: state.companyMinor },
    departments: Object.values(state.departments)
      .map((department) => ({ departmentId: department.departmentId, availableMinor: department.budgetMinor }))
      .sort((a, b) => byId(a.departmentId, b.departmentId)),
    members: Object.values(state.members)
      .map((member) => ({ memberId: member.memberId, availableMinor: member.balanceMinor }))
      .sort((a, b) => byId(a.memberId, b.memberId)),
  };
}

import type { LedgerState } from './ledger.state';

/**
 * The money invariants, which must hold after every event:
 * 1. no account (company pool, department budget, member balance) is below zero;
 * 2. conservation: purchased = company pool + Σ department budgets + Σ member balances + Σ charged.
 * Returns the violations found (empty when the ledger is sound).
 */
export function ledgerInvariantViolations(state: LedgerState): string[] {
  if (state.status !== 'open') return [];
  const problems: string[] = [];
  if (state.companyMinor < 0) problems.push(`company pool is negative (${state.companyMinor})`);
  let held = state.companyMinor;
  for (const d of Object.values(state.departments)) {
    if (d.budgetMinor < 0) problems.push(`department ${d.departmentId} budget is negative (${d.budgetMinor})`);
    held += d.budgetMinor;
  }
  for (const m of Object.values(state.members)) {
    if (m.balanceMinor < 0) problems.push(`member ${m.memberId} balance is negative (${m.balanceMinor})`);
    if (m.status === 'closed' && m.balanceMinor !== 0) problems.push(`removed member ${m.memberId} holds credit`);
    held += m.balanceMinor;
  }
  for (const [value, label] of [
    [state.companyMinor, 'company pool'],
    [state.purchasedMinor, 'purchased'],
    [state.chargedMinor, 'charged'],
  ] as const) {
    if (!Number.isSafeInteger(value)) problems.push(`${label} is not a safe integer (${value})`);
  }
  if (state.purchasedMinor !== held + state.chargedMinor) {
    problems.push(
      `conservation broken: purchased ${state.purchasedMinor} ≠ held ${held} + charged ${state.chargedMinor}`,
    );
  }
  return problems;
}

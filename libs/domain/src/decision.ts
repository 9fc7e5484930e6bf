import type { AccountNameEvent } from './account-names/account-name.events';
import { initialAccountNameState, type AccountNameState } from './account-names/account-name.state';
import type { LedgerEvent } from './ledger/ledger.events';
import { initialLedgerState, type LedgerState, type MemberAccount, type OpenLedger } from './ledger/ledger.state';
import type { ManagerEvent } from './manager/manager.events';
import { initialManagerState, type ActiveManager, type ManagerState } from './manager/manager.state';
import type { MemberEvent } from './member/member.events';
import { initialMemberState, type MemberState } from './member/member.state';
import { notFound } from './shared/errors';

/** The current state of every stream a command may read. Streams it does not touch stay initial. */
export interface DecisionContext {
  manager: ManagerState;
  ledger: LedgerState;
  member: MemberState;
  accountName: AccountNameState;
}

/** What a command decided: the new events of each stream, appended together atomically. */
export interface Decision {
  manager: ManagerEvent[];
  ledger: LedgerEvent[];
  member: MemberEvent[];
  accountName: AccountNameEvent[];
}

export const emptyContext = (): DecisionContext => ({
  manager: initialManagerState(),
  ledger: initialLedgerState(),
  member: initialMemberState(),
  accountName: initialAccountNameState(),
});

export function decision(parts: Partial<Decision>): Decision {
  return { manager: [], ledger: [], member: [], accountName: [], ...parts };
}

export function requireManager(ctx: DecisionContext): ActiveManager {
  if (ctx.manager.status !== 'active') notFound('manager-not-found', 'No such Manager');
  return ctx.manager;
}

export function requireLedger(ctx: DecisionContext): OpenLedger {
  if (ctx.ledger.status !== 'open') notFound('manager-not-found', 'No such Manager');
  return ctx.ledger;
}

export function requireMemberAccount(ledger: OpenLedger, memberId: string): MemberAccount {
  const account = ledger.members[memberId];
  if (!account) notFound('member-not-found', `No member ${memberId} in this Manager`, { memberId });
  return account;
}

export function requireOpenDepartment(ledger: OpenLedger, departmentId: string): void {
  const department = ledger.departments[departmentId];
  if (!department || !department.open) {
    notFound('department-not-found', `No open department ${departmentId} in this Manager`, { departmentId });
  }
}

import { evolveAccountName, initialAccountNameState } from './account-names/account-name.state';
import type { AccountNameEvent } from './account-names/account-name.events';
import type { Decision, DecisionContext } from './decision';
import type { LedgerEvent } from './ledger/ledger.events';
import { evolveLedger, initialLedgerState } from './ledger/ledger.state';
import type { ManagerEvent } from './manager/manager.events';
import { evolveManager, initialManagerState } from './manager/manager.state';
import type { MemberEvent } from './member/member.events';
import { evolveMember, initialMemberState } from './member/member.state';

/** Folds a decision's events into the context (in place where the stream's evolve does so). */
export function applyDecision(ctx: DecisionContext, decided: Decision): DecisionContext {
  for (const event of decided.manager) ctx.manager = evolveManager(ctx.manager, event);
  for (const event of decided.ledger) ctx.ledger = evolveLedger(ctx.ledger, event);
  for (const event of decided.member) ctx.member = evolveMember(ctx.member, event);
  for (const event of decided.accountName) ctx.accountName = evolveAccountName(ctx.accountName, event);
  return ctx;
}

export const foldManager = (events: ManagerEvent[]) => events.reduce(evolveManager, initialManagerState());
export const foldLedger = (events: LedgerEvent[]) => events.reduce(evolveLedger, initialLedgerState());
export const foldMember = (events: MemberEvent[]) => events.reduce(evolveMember, initialMemberState());
export const foldAccountName = (events: AccountNameEvent[]) =>
  events.reduce(evolveAccountName, initialAccountNameState());

import type { AccountNameEvent } from './account-names/account-name.events';
import type { LedgerEvent } from './ledger/ledger.events';
import type { ManagerEvent } from './manager/manager.events';
import type { MemberEvent } from './member/member.events';

export type DomainEvent = ManagerEvent | MemberEvent | LedgerEvent | AccountNameEvent;
export type DomainEventType = DomainEvent['type'];

/** The streams of one Manager. A command touches one or more of them, appended atomically. */
export type StreamKind = 'manager' | 'ledger' | 'member' | 'account-name';

export const streamIds = {
  manager: (managerId: string) => `manager-${managerId}`,
  ledger: (managerId: string) => `ledger-${managerId}`,
  member: (memberId: string) => `member-${memberId}`,
  /** Account names are case-insensitive. */
  accountName: (account: string) => `account-${account.trim().toLowerCase()}`,
};

/** Current schema version of every event type. Bump a type's version and add an upcaster to change it. */
export const EVENT_SCHEMA_VERSION = 1;

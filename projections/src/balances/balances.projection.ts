import type { CreditAccount } from '@skype-manager/domain';
import { defineProjection, type DocumentUpdate, type ProjectedDocument } from '../runtime/projection';

/**
 * Balances: what each account of a Manager holds now — the company pool, every department budget,
 * every member balance — in the Manager's currency. Money moves exactly as the ledger moves it:
 * allocations between accounts, reclaims back to the company pool, feature charges out of the company
 * pool, usage charges out of the member's balance.
 */
export interface LedgerDocument extends ProjectedDocument {
  currency: string;
  country: string;
}

export interface AccountDocument extends ProjectedDocument {
  accountType: CreditAccount['type'];
  /** departmentId or memberId; null for the company pool. */
  ownerId: string | null;
  availableMinor: number;
  /** False once the department is closed or the member has left (declined, cancelled, removed). */
  open: boolean;
}

export function accountDocumentId(managerId: string, account: CreditAccount): string {
  switch (account.type) {
    case 'company':
      return `${managerId}:company`;
    case 'department':
      return `${managerId}:department:${account.departmentId}`;
    case 'member':
      return `${managerId}:member:${account.memberId}`;
  }
}

function ownerOf(account: CreditAccount): string | null {
  return account.type === 'company'
    ? null
    : account.type === 'department'
      ? account.departmentId
      : account.memberId;
}

function newAccount(managerId: string, account: CreditAccount, position: number): AccountDocument {
  return {
    id: accountDocumentId(managerId, account),
    managerId,
    accountType: account.type,
    ownerId: ownerOf(account),
    availableMinor: 0,
    open: true,
    _position: position,
  };
}

/** Adds `deltaMinor` (negative for a debit) to an account, opening it if this is its first movement. */
function move(
  managerId: string,
  account: CreditAccount,
  deltaMinor: number,
  position: number,
): DocumentUpdate<AccountDocument> {
  return {
    collection: 'accounts',
    id: accountDocumentId(managerId, account),
    evolve: (current) => {
      const document = current ?? newAccount(managerId, account, position);
      document.availableMinor += deltaMinor;
      return document;
    },
  };
}

function setOpen(
  managerId: string,
  account: CreditAccount,
  open: boolean,
  position: number,
): DocumentUpdate<AccountDocument> {
  return {
    collection: 'accounts',
    id: accountDocumentId(managerId, account),
    evolve: (current) => {
      const document = current ?? newAccount(managerId, account, position);
      document.open = open;
      return document;
    },
  };
}

const COMPANY: CreditAccount = { type: 'company' };

export const balancesProjection = defineProjection({
  name: 'balances',
  version: 1,
  collections: {
    ledgers: { indexes: [] },
    accounts: { indexes: [{ fields: ['managerId', 'accountType', 'ownerId'] }] },
  },
  on: {
    LedgerOpened: ({ data, position }) => [
      {
        collection: 'ledgers',
        id: data.managerId,
        evolve: (): LedgerDocument => ({
          id: data.managerId,
          managerId: data.managerId,
          currency: data.currency,
          country: data.country,
          _position: position,
        }),
      },
      setOpen(data.managerId, COMPANY, true, position),
    ],
    DepartmentBudgetOpened: ({ data, metadata, position }) => [
      setOpen(metadata.managerId, { type: 'department', departmentId: data.departmentId }, true, position),
    ],
    DepartmentBudgetClosed: ({ data, metadata, position }) => [
      setOpen(metadata.managerId, { type: 'department', departmentId: data.departmentId }, false, position),
    ],
    MemberAccountOpened: ({ data, metadata, position }) => [
      setOpen(metadata.managerId, { type: 'member', memberId: data.memberId }, true, position),
    ],
    MemberAccountClosed: ({ data, metadata, position }) => [
      setOpen(metadata.managerId, { type: 'member', memberId: data.memberId }, false, position),
    ],
    CreditPurchased: ({ data, metadata, position }) => [
      move(metadata.managerId, COMPANY, data.amountMinor, position),
    ],
    CreditAllocated: ({ data, metadata, position }) => [
      move(metadata.managerId, data.from, -data.amountMinor, position),
      move(metadata.managerId, data.to, data.amountMinor, position),
    ],
    CreditReclaimed: ({ data, metadata, position }) => [
      move(metadata.managerId, data.from, -data.amountMinor, position),
      move(metadata.managerId, COMPANY, data.amountMinor, position),
    ],
    FeatureGranted: ({ data, metadata, position }) => [
      move(metadata.managerId, COMPANY, -data.chargedMinor, position),
    ],
    UsageCharged: ({ data, metadata, position }) => [
      move(metadata.managerId, { type: 'member', memberId: data.memberId }, -data.costMinor, position),
    ],
  },
});

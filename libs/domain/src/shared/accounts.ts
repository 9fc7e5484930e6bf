/** The three kinds of account credit lives in. Credit moves only between these (and out as charges). */
export type CreditAccount =
  | { type: 'company' }
  | { type: 'department'; departmentId: string }
  | { type: 'member'; memberId: string };

export const COMPANY: CreditAccount = { type: 'company' };

/**
 * The account as event data: a fresh object with only its own fields, keys in canonical (sorted)
 * order. Credit events are built with sorted keys throughout, so the event store hashes the JSON text
 * it stores instead of rendering a canonical copy of each (see UsageCharged).
 */
export function accountData(account: CreditAccount): CreditAccount {
  switch (account.type) {
    case 'company':
      return { type: 'company' };
    case 'department':
      return { departmentId: account.departmentId, type: 'department' };
    case 'member':
      return { memberId: account.memberId, type: 'member' };
  }
}

export function describeAccount(account: CreditAccount): string {
  switch (account.type) {
    case 'company':
      return 'company pool';
    case 'department':
      return `department ${account.departmentId}`;
    case 'member':
      return `member ${account.memberId}`;
  }
}

/** The three kinds of account credit lives in. Credit moves only between these (and out as charges). */
export type CreditAccount =
  | { type: 'company' }
  | { type: 'department'; departmentId: string }
  | { type: 'member'; memberId: string };

export const COMPANY: CreditAccount = { type: 'company' };

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

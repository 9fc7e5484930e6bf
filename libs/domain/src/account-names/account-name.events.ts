/**
 * Events of the `account-{name}` stream. An account name (a member's sign-in account) belongs to at most
 * one active member of one Manager at a time: accepting an invitation claims it, removal releases it.
 */
export type AccountNameClaimed = {
  type: 'AccountNameClaimed';
  data: { account: string; managerId: string; memberId: string };
};
export type AccountNameReleased = {
  type: 'AccountNameReleased';
  data: { account: string; managerId: string; memberId: string };
};
export type AccountNameEvent = AccountNameClaimed | AccountNameReleased;

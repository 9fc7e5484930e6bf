/** Events of the `member-{memberId}` stream: the invitation lifecycle and the member's identity. */
export type MemberInvited = {
  type: 'MemberInvited';
  data: {
    memberId: string;
    managerId: string;
    email: string | null;
    account: string | null;
    displayName: string;
    departmentId: string | null;
    /** hex SHA-256 of the invitation token's secret. */
    invitationTokenHash: string;
    expiresAt: string;
  };
};
export type InvitationResent = {
  type: 'InvitationResent';
  data: { memberId: string; invitationTokenHash: string; expiresAt: string };
};
export type InvitationCancelled = { type: 'InvitationCancelled'; data: { memberId: string } };
export type InvitationDeclined = { type: 'InvitationDeclined'; data: { memberId: string } };
export type InvitationAccepted = {
  type: 'InvitationAccepted';
  data: { memberId: string; account: string; apiKeyHash: string };
};
export type MemberRemoved = { type: 'MemberRemoved'; data: { memberId: string } };

export type MemberEvent =
  | MemberInvited
  | InvitationResent
  | InvitationCancelled
  | InvitationDeclined
  | InvitationAccepted
  | MemberRemoved;

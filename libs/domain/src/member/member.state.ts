import type { MemberEvent } from './member.events';

export type MemberStatus = 'invited' | 'active' | 'declined' | 'cancelled' | 'removed';

export type MemberState =
  | { status: 'none' }
  | {
      status: MemberStatus;
      memberId: string;
      managerId: string;
      email: string | null;
      account: string | null;
      displayName: string;
      invitationTokenHash: string;
      expiresAt: string;
      apiKeyHash: string | null;
    };

export type KnownMember = Exclude<MemberState, { status: 'none' }>;

export const initialMemberState = (): MemberState => ({ status: 'none' });

export function evolveMember(state: MemberState, event: MemberEvent): MemberState {
  if (event.type === 'MemberInvited') {
    const { memberId, managerId, email, account, displayName, invitationTokenHash, expiresAt } = event.data;
    return {
      status: 'invited',
      memberId,
      managerId,
      email,
      account,
      displayName,
      invitationTokenHash,
      expiresAt,
      apiKeyHash: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'InvitationResent':
      return { ...state, invitationTokenHash: event.data.invitationTokenHash, expiresAt: event.data.expiresAt };
    case 'InvitationCancelled':
      return { ...state, status: 'cancelled' };
    case 'InvitationDeclined':
      return { ...state, status: 'declined' };
    case 'InvitationAccepted':
      return { ...state, status: 'active', account: event.data.account, apiKeyHash: event.data.apiKeyHash };
    case 'MemberRemoved':
      return { ...state, status: 'removed', apiKeyHash: null };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

import type {
  AcceptInvitation,
  CancelInvitation,
  DeclineInvitation,
  InviteMember,
  ResendInvitation,
} from '../commands';
import {
  decision,
  requireLedger,
  requireOpenDepartment,
  type Decision,
  type DecisionContext,
} from '../decision';
import { invalid, notFound, refuse } from '../shared/errors';
import { checkName } from '../shared/text';
import { addDays, isAfter } from '../shared/time';
import type { KnownMember } from './member.state';

/** An invitation is valid this many days after it was sent (or last resent). */
export const INVITATION_VALIDITY_DAYS = 30;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function requireMemberOf(ctx: DecisionContext, managerId: string, memberId: string): KnownMember {
  const member = ctx.member;
  if (member.status === 'none' || member.managerId !== managerId || member.memberId !== memberId) {
    notFound('member-not-found', `No member ${memberId} in this Manager`, { memberId });
  }
  return member;
}

function requirePending(member: KnownMember): void {
  if (member.status !== 'invited') {
    refuse('invitation-not-pending', `The invitation is ${member.status}, not pending`, { status: member.status });
  }
}

function requireToken(member: KnownMember, tokenHash: string): void {
  // A wrong token is reported as unknown: it must not reveal that the invitation exists.
  if (member.invitationTokenHash !== tokenHash) notFound('invitation-not-found', 'No such invitation');
}

export function inviteMember(ctx: DecisionContext, command: InviteMember): Decision {
  const ledger = requireLedger(ctx);
  const { managerId, memberId, email, account, displayName, departmentId, invitationTokenHash } = command.data;
  if (ctx.member.status !== 'none') refuse('member-already-exists', `Member ${memberId} already exists`);
  if (!email && !account) invalid('email', 'give an email or an account to invite');
  if (email && !EMAIL.test(email)) invalid('email', `'${email}' is not an e-mail address`);
  if (account) checkName('account', account);
  checkName('displayName', displayName);
  if (departmentId) requireOpenDepartment(ledger, departmentId);
  const contact = (email ?? account ?? '').trim().toLowerCase();
  const existing = Object.values(ledger.members).find((m) => m.contact === contact && m.status !== 'closed');
  if (existing) {
    refuse('member-already-invited', `'${contact}' is already invited to or a member of this Manager`, {
      memberId: existing.memberId,
    });
  }
  const expiresAt = addDays(command.metadata.now, INVITATION_VALIDITY_DAYS);
  return decision({
    member: [
      {
        type: 'MemberInvited',
        data: {
          memberId,
          managerId,
          email: email ?? null,
          account: account ?? null,
          displayName,
          departmentId: departmentId ?? null,
          invitationTokenHash,
          expiresAt,
        },
      },
    ],
    ledger: [
      { type: 'MemberAccountOpened', data: { memberId, departmentId: departmentId ?? null, displayName, contact } },
    ],
  });
}

export function resendInvitation(ctx: DecisionContext, command: ResendInvitation): Decision {
  const { managerId, memberId, invitationTokenHash } = command.data;
  const member = requireMemberOf(ctx, managerId, memberId);
  requirePending(member);
  const expiresAt = addDays(command.metadata.now, INVITATION_VALIDITY_DAYS);
  return decision({ member: [{ type: 'InvitationResent', data: { memberId, invitationTokenHash, expiresAt } }] });
}

export function cancelInvitation(ctx: DecisionContext, command: CancelInvitation): Decision {
  const { managerId, memberId } = command.data;
  const member = requireMemberOf(ctx, managerId, memberId);
  requirePending(member);
  return decision({
    member: [{ type: 'InvitationCancelled', data: { memberId } }],
    ledger: [{ type: 'MemberAccountClosed', data: { memberId, reason: 'cancelled' } }],
  });
}

export function acceptInvitation(ctx: DecisionContext, command: AcceptInvitation): Decision {
  const { managerId, memberId, invitationTokenHash, account, apiKeyHash } = command.data;
  const member = requireMemberOf(ctx, managerId, memberId);
  requireToken(member, invitationTokenHash);
  requirePending(member);
  if (isAfter(command.metadata.now, member.expiresAt)) {
    refuse('invitation-expired', `The invitation expired at ${member.expiresAt}; ask for it to be resent`, {
      expiresAt: member.expiresAt,
    });
  }
  checkName('account', account);
  if (member.account && member.account.toLowerCase() !== account.toLowerCase()) {
    refuse('account-mismatch', `This invitation is for account '${member.account}'`);
  }
  const claimedBy = ctx.accountName.claimedBy;
  if (claimedBy) {
    refuse('account-already-member', `Account '${account}' is already an active member of a Manager`);
  }
  return decision({
    member: [{ type: 'InvitationAccepted', data: { memberId, account, apiKeyHash } }],
    ledger: [{ type: 'MemberAccountActivated', data: { memberId } }],
    accountName: [{ type: 'AccountNameClaimed', data: { account, managerId, memberId } }],
  });
}

export function declineInvitation(ctx: DecisionContext, command: DeclineInvitation): Decision {
  const { managerId, memberId, invitationTokenHash } = command.data;
  const member = requireMemberOf(ctx, managerId, memberId);
  requireToken(member, invitationTokenHash);
  requirePending(member);
  return decision({
    member: [{ type: 'InvitationDeclined', data: { memberId } }],
    ledger: [{ type: 'MemberAccountClosed', data: { memberId, reason: 'declined' } }],
  });
}

export { requireMemberOf };

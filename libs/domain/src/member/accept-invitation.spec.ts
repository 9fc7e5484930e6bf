import { addDays } from '@skype-manager/domain';
import { aManager, ALICE, at, BOB, cmd, given, MANAGER_ID, NOW, tokenHash } from '@skype-manager/testing';

const EXPIRES = addDays(NOW, 30);

describe('Accept an invitation', () => {
  describe('When the invitation is pending and valid', () => {
    it('should make the member active, open the account for credit and claim the account name', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(cmd.acceptInvitation({ memberId: ALICE, account: 'alice.skype', apiKeyHash: 'key-alice' }))
        .then({
          member: [
            {
              type: 'InvitationAccepted',
              data: { memberId: ALICE, account: 'alice.skype', apiKeyHash: 'key-alice' },
            },
          ],
          ledger: [{ type: 'MemberAccountActivated', data: { memberId: ALICE } }],
          accountName: [
            {
              type: 'AccountNameClaimed',
              data: { account: 'alice.skype', managerId: MANAGER_ID, memberId: ALICE },
            },
          ],
        });
    });

    it('should accept at the very instant the invitation expires', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(at(EXPIRES, cmd.acceptInvitation({ memberId: ALICE })))
        .thenState(({ member }) => expect(member.status).toBe('active'));
    });

    it('should accept the account the invitation names, whatever its case', () => {
      given(aManager().withInvitedMember(ALICE, { account: 'Alice.Skype' }))
        .when(cmd.acceptInvitation({ memberId: ALICE, account: 'alice.skype' }))
        .thenState(({ member }) =>
          expect(member).toMatchObject({ status: 'active', account: 'alice.skype' }),
        );
    });

    it('should accept with the new token after a resend, even past the first expiry', () => {
      given(
        aManager()
          .withInvitedMember(ALICE)
          .with(at(addDays(NOW, 29), cmd.resendInvitation(ALICE, 'new-token'))),
      )
        .when(
          at(addDays(NOW, 40), cmd.acceptInvitation({ memberId: ALICE, invitationTokenHash: 'new-token' })),
        )
        .thenState(({ member }) => expect(member.status).toBe('active'));
    });
  });

  describe('When the token is wrong', () => {
    it('should answer not found, revealing nothing about the invitation', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(cmd.acceptInvitation({ memberId: ALICE, invitationTokenHash: 'guessed' }))
        .thenNotFound('invitation-not-found');
    });

    it('should answer not found for the old token after a resend', () => {
      given(aManager().withInvitedMember(ALICE).with(cmd.resendInvitation(ALICE, 'new-token')))
        .when(cmd.acceptInvitation({ memberId: ALICE, invitationTokenHash: tokenHash(ALICE) }))
        .thenNotFound('invitation-not-found');
    });
  });

  describe('When the invitation has expired', () => {
    it('should refuse one millisecond after the 30 days', () => {
      const late = new Date(Date.parse(EXPIRES) + 1).toISOString();
      given(aManager().withInvitedMember(ALICE))
        .when(at(late, cmd.acceptInvitation({ memberId: ALICE })))
        .thenRefused('invitation-expired', { expiresAt: EXPIRES });
    });
  });

  describe('When the account does not fit', () => {
    it('should refuse another account than the one invited', () => {
      given(aManager().withInvitedMember(ALICE, { account: 'alice.skype' }))
        .when(cmd.acceptInvitation({ memberId: ALICE, account: 'mallory.skype' }))
        .thenRefused('account-mismatch');
    });

    it('should refuse a blank account', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(cmd.acceptInvitation({ memberId: ALICE, account: ' ' }))
        .thenInvalid('account');
    });

    it('should refuse an account already an active member of another Manager', () => {
      const situation = aManager()
        .withActiveMember(BOB, { account: 'shared.skype' })
        .withManager({ managerId: 'mgr-other', administratorId: 'admin-other', adminAccount: 'admin.other' })
        .withInvitedMember(ALICE);
      given(situation)
        .when(cmd.acceptInvitation({ managerId: 'mgr-other', memberId: ALICE, account: 'SHARED.skype' }))
        .thenRefused('account-already-member');
    });

    it('should refuse an account already an active member of the same Manager', () => {
      given(aManager().withActiveMember(BOB, { account: 'shared.skype' }).withInvitedMember(ALICE))
        .when(cmd.acceptInvitation({ memberId: ALICE, account: 'shared.skype' }))
        .thenRefused('account-already-member');
    });

    it('should accept an account released by a removed member', () => {
      given(aManager().withRemovedMember(BOB, { account: 'shared.skype' }).withInvitedMember(ALICE))
        .when(cmd.acceptInvitation({ memberId: ALICE, account: 'shared.skype' }))
        .thenState(({ accountName }) =>
          expect(accountName.claimedBy).toEqual({ managerId: MANAGER_ID, memberId: ALICE }),
        );
    });
  });

  describe('When the invitation is not pending', () => {
    it('should refuse an invitation already accepted', () => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.acceptInvitation({ memberId: ALICE }))
        .thenRefused('invitation-not-pending', { status: 'active' });
    });

    it('should refuse a cancelled invitation', () => {
      given(aManager().withInvitedMember(ALICE).with(cmd.cancelInvitation(ALICE)))
        .when(cmd.acceptInvitation({ memberId: ALICE }))
        .thenRefused('invitation-not-pending', { status: 'cancelled' });
    });
  });

  describe('When the member is unknown', () => {
    it('should answer not found', () => {
      given(aManager())
        .when(cmd.acceptInvitation({ memberId: ALICE }))
        .thenNotFound('member-not-found');
    });
  });
});

describe('Decline an invitation', () => {
  describe('When the invitation is pending', () => {
    it('should decline it and close the member account', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(cmd.declineInvitation(ALICE))
        .then({
          member: [{ type: 'InvitationDeclined', data: { memberId: ALICE } }],
          ledger: [{ type: 'MemberAccountClosed', data: { memberId: ALICE, reason: 'declined' } }],
        });
    });

    it('should decline even after expiry (declining commits to nothing)', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(at(addDays(NOW, 60), cmd.declineInvitation(ALICE)))
        .thenState(({ member }) => expect(member.status).toBe('declined'));
    });
  });

  describe('When the token is wrong', () => {
    it('should answer not found', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(cmd.declineInvitation(ALICE, 'guessed'))
        .thenNotFound('invitation-not-found');
    });
  });

  describe('When the invitation is not pending', () => {
    it('should refuse an invitation already accepted', () => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.declineInvitation(ALICE))
        .thenRefused('invitation-not-pending', { status: 'active' });
    });
  });
});

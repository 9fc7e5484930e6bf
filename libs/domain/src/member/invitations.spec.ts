import { addDays, INVITATION_VALIDITY_DAYS } from '@skype-manager/domain';
import { aManager, ALICE, at, BOB, cmd, given, MANAGER_ID, NOW, SALES, tokenHash } from '@skype-manager/testing';

const EXPIRES = '2025-04-14T10:00:00.000Z'; // NOW + 30 days

describe('Invite a member', () => {
  describe('When the Manager exists', () => {
    it('should invite by e-mail, valid 30 days, and open the member account', () => {
      expect(INVITATION_VALIDITY_DAYS).toBe(30);
      given(aManager())
        .when(cmd.inviteMember({ memberId: ALICE, email: 'alice@architectes.fr', displayName: 'Alice' }))
        .then({
          member: [
            {
              type: 'MemberInvited',
              data: {
                memberId: ALICE,
                managerId: MANAGER_ID,
                email: 'alice@architectes.fr',
                account: null,
                displayName: 'Alice',
                departmentId: null,
                invitationTokenHash: tokenHash(ALICE),
                expiresAt: EXPIRES,
              },
            },
          ],
          ledger: [
            {
              type: 'MemberAccountOpened',
              data: { memberId: ALICE, departmentId: null, displayName: 'Alice', contact: 'alice@architectes.fr' },
            },
          ],
        });
    });

    it('should invite by account name into a department', () => {
      given(aManager().withDepartment(SALES))
        .when(cmd.inviteMember({ memberId: ALICE, email: null, account: 'alice.skype', departmentId: SALES }))
        .thenState(({ member, ledger }) => {
          expect(member).toMatchObject({
            status: 'invited',
            email: null,
            account: 'alice.skype',
            expiresAt: EXPIRES,
          });
          expect(ledger.status === 'open' && ledger.members[ALICE]).toMatchObject({
            status: 'invited',
            departmentId: SALES,
            balanceMinor: 0,
          });
        });
    });

    it.each(['alice', 'alice@', 'alice@architectes', 'al ice@architectes.fr', '@architectes.fr'])(
      'should refuse %p as an e-mail address',
      (email) => {
        given(aManager())
          .when(cmd.inviteMember({ memberId: ALICE, email }))
          .thenInvalid('email');
      },
    );

    it('should refuse a second invitation of the same e-mail while the first is open', () => {
      given(aManager().withInvitedMember(ALICE, { email: 'alice@architectes.fr' }))
        .when(cmd.inviteMember({ memberId: BOB, email: 'Alice@Architectes.fr' }))
        .thenRefused('member-already-invited');
    });

    it('should refuse inviting the account of an active member again', () => {
      given(aManager().withInvitedMember(ALICE, { email: null, account: 'alice.skype' }))
        .when(cmd.inviteMember({ memberId: BOB, email: null, account: 'alice.skype' }))
        .thenRefused('member-already-invited');
    });

    it('should invite the same e-mail again once the member was removed', () => {
      given(aManager().withRemovedMember(ALICE, { email: 'alice@architectes.fr' }))
        .when(cmd.inviteMember({ memberId: BOB, email: 'alice@architectes.fr' }))
        .thenState(({ ledger }) => {
          expect(ledger.status === 'open' && ledger.members[BOB]).toMatchObject({ status: 'invited' });
        });
    });

    it('should refuse an invitation with neither e-mail nor account', () => {
      given(aManager())
        .when(cmd.inviteMember({ memberId: ALICE, email: null, account: null }))
        .thenInvalid('email');
    });

    it('should refuse a blank account name', () => {
      given(aManager())
        .when(cmd.inviteMember({ memberId: ALICE, account: '  ' }))
        .thenInvalid('account');
    });

    it('should refuse a blank display name', () => {
      given(aManager())
        .when(cmd.inviteMember({ memberId: ALICE, displayName: '' }))
        .thenInvalid('displayName');
    });

    it('should refuse an unknown department', () => {
      given(aManager())
        .when(cmd.inviteMember({ memberId: ALICE, departmentId: 'dep-ghost' }))
        .thenNotFound('department-not-found');
    });

    it('should refuse a closed department', () => {
      given(aManager().withClosedDepartment(SALES))
        .when(cmd.inviteMember({ memberId: ALICE, departmentId: SALES }))
        .thenNotFound('department-not-found');
    });

    it('should refuse a member id already used', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(cmd.inviteMember({ memberId: ALICE }))
        .thenRefused('member-already-exists');
    });
  });

  describe('When there is no such Manager', () => {
    it('should answer not found', () => {
      given({})
        .when(cmd.inviteMember({ memberId: ALICE }))
        .thenNotFound('manager-not-found');
    });
  });
});

describe('Resend an invitation', () => {
  describe('When the invitation is pending', () => {
    it('should issue a new token whose validity restarts from the resend', () => {
      const resentAt = addDays(NOW, 20);
      given(aManager().withInvitedMember(ALICE))
        .when(at(resentAt, cmd.resendInvitation(ALICE, 'token-hash-2')))
        .then({
          member: [
            {
              type: 'InvitationResent',
              data: {
                memberId: ALICE,
                invitationTokenHash: 'token-hash-2',
                expiresAt: '2025-05-04T10:00:00.000Z',
              },
            },
          ],
        });
    });

    it('should let an expired invitation be resent', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(at(addDays(NOW, 45), cmd.resendInvitation(ALICE, 'token-hash-2')))
        .thenState(({ member }) =>
          expect(member).toMatchObject({ status: 'invited', expiresAt: addDays(NOW, 75) }),
        );
    });
  });

  describe('When the invitation is not pending', () => {
    it('should refuse once the member has accepted', () => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.resendInvitation(ALICE))
        .thenRefused('invitation-not-pending', { status: 'active' });
    });
  });

  describe('When the member is unknown to this Manager', () => {
    it('should answer not found for an unknown member', () => {
      given(aManager()).when(cmd.resendInvitation(ALICE)).thenNotFound('member-not-found');
    });

    it("should answer not found for another Manager's member", () => {
      const otherManager = {
        ...cmd.resendInvitation(ALICE),
        data: { managerId: 'mgr-other', memberId: ALICE, invitationTokenHash: 'x' },
      };
      given(aManager().withInvitedMember(ALICE)).when(otherManager).thenNotFound('member-not-found');
    });
  });
});

describe('Cancel an invitation', () => {
  describe('When the invitation is pending', () => {
    it('should cancel it and close the member account', () => {
      given(aManager().withInvitedMember(ALICE))
        .when(cmd.cancelInvitation(ALICE))
        .then({
          member: [{ type: 'InvitationCancelled', data: { memberId: ALICE } }],
          ledger: [{ type: 'MemberAccountClosed', data: { memberId: ALICE, reason: 'cancelled' } }],
        });
    });
  });

  describe('When the invitation is not pending', () => {
    it('should refuse a declined invitation', () => {
      given(aManager().withInvitedMember(ALICE).with(cmd.declineInvitation(ALICE)))
        .when(cmd.cancelInvitation(ALICE))
        .thenRefused('invitation-not-pending', { status: 'declined' });
    });

    it('should refuse an invitation already cancelled', () => {
      given(aManager().withInvitedMember(ALICE).with(cmd.cancelInvitation(ALICE)))
        .when(cmd.cancelInvitation(ALICE))
        .thenRefused('invitation-not-pending', { status: 'cancelled' });
    });
  });

  describe('When the member is unknown to this Manager', () => {
    it("should answer not found for another Manager's member", () => {
      given(aManager().withInvitedMember(ALICE))
        .when(cmd.cancelInvitation(ALICE, 'mgr-other'))
        .thenNotFound('member-not-found');
    });
  });
});

import { aManager, ALICE, BOB, cmd, given, MANAGER_ID, PHONE, SALES } from '@skype-manager/testing';

describe('Remove a member', () => {
  describe('When the member is active, with credit, features and a number', () => {
    const situation = () =>
      aManager()
        .withDepartment(SALES)
        .withActiveMember(ALICE, { departmentId: SALES, account: 'alice.skype', balanceMinor: 500 })
        .withFeature(ALICE, 'voicemail', { grantId: 'grant-voicemail' })
        .withFeature(ALICE, 'online-number', { grantId: 'grant-number', number: PHONE.paris });

    it('should reclaim the balance to the company, revoke every feature, close the account and release the account name', () => {
      given(situation())
        .when(cmd.removeMember(ALICE, 'reclaim-alice'))
        .then({
          member: [{ type: 'MemberRemoved', data: { memberId: ALICE } }],
          ledger: [
            {
              type: 'CreditReclaimed',
              data: {
                reclaimId: 'reclaim-alice',
                from: { type: 'member', memberId: ALICE },
                amountMinor: 500,
                reason: 'member-removed',
              },
            },
            {
              type: 'FeatureRevoked',
              data: {
                grantId: 'grant-voicemail',
                memberId: ALICE,
                feature: 'voicemail',
                reason: 'member-removed',
              },
            },
            {
              type: 'FeatureRevoked',
              data: {
                grantId: 'grant-number',
                memberId: ALICE,
                feature: 'online-number',
                reason: 'member-removed',
              },
            },
            { type: 'MemberAccountClosed', data: { memberId: ALICE, reason: 'removed' } },
          ],
          accountName: [
            {
              type: 'AccountNameReleased',
              data: { account: 'alice.skype', managerId: MANAGER_ID, memberId: ALICE },
            },
          ],
        });
    });

    it('should leave the member with nothing and give the credit and the number back to the company', () => {
      const before = situation().ledger();
      given(situation())
        .when(cmd.removeMember(ALICE))
        .thenState(({ ledger, member, accountName }) => {
          if (ledger.status !== 'open') throw new Error('ledger not open');
          expect(ledger.members[ALICE]).toMatchObject({ status: 'closed', balanceMinor: 0 });
          expect(ledger.companyMinor).toBe(before.companyMinor + 500);
          expect(ledger.grants).toEqual({});
          expect(ledger.numbers).toEqual({});
          expect(member).toMatchObject({ status: 'removed', apiKeyHash: null });
          expect(accountName.claimedBy).toBeNull();
        });
    });

    it("should free the member's number for someone else", () => {
      given(situation().withActiveMember(BOB).withCredit(1000).with(cmd.removeMember(ALICE)))
        .when(
          cmd.grantFeature({
            grantId: 'grant-bob',
            memberId: BOB,
            feature: 'online-number',
            options: { number: PHONE.paris },
          }),
        )
        .thenState(({ ledger }) =>
          expect(ledger.status === 'open' && ledger.numbers).toEqual({ [PHONE.paris]: 'grant-bob' }),
        );
    });
  });

  describe('When the member is active with nothing to reclaim', () => {
    it('should not record a reclaim of zero', () => {
      given(aManager().withActiveMember(ALICE, { account: 'alice.skype' }))
        .when(cmd.removeMember(ALICE))
        .then({
          member: [{ type: 'MemberRemoved', data: { memberId: ALICE } }],
          ledger: [{ type: 'MemberAccountClosed', data: { memberId: ALICE, reason: 'removed' } }],
          accountName: [
            {
              type: 'AccountNameReleased',
              data: { account: 'alice.skype', managerId: MANAGER_ID, memberId: ALICE },
            },
          ],
        });
    });
  });

  describe('When the member is only invited', () => {
    it('should remove the member without touching any account name', () => {
      given(aManager().withInvitedMember(ALICE, { account: 'alice.skype' }))
        .when(cmd.removeMember(ALICE))
        .then({
          member: [{ type: 'MemberRemoved', data: { memberId: ALICE } }],
          ledger: [{ type: 'MemberAccountClosed', data: { memberId: ALICE, reason: 'removed' } }],
        });
    });
  });

  describe('When the member is no longer invited or active', () => {
    it('should refuse a member already removed', () => {
      given(aManager().withRemovedMember(ALICE))
        .when(cmd.removeMember(ALICE))
        .thenRefused('member-not-active');
    });

    it('should refuse a member who declined', () => {
      given(aManager().withInvitedMember(ALICE).with(cmd.declineInvitation(ALICE)))
        .when(cmd.removeMember(ALICE))
        .thenRefused('member-not-active');
    });

    it('should refuse a cancelled invitation', () => {
      given(aManager().withInvitedMember(ALICE).with(cmd.cancelInvitation(ALICE)))
        .when(cmd.removeMember(ALICE))
        .thenRefused('member-not-active');
    });
  });

  describe('When the member is not one of this Manager', () => {
    it('should answer not found for an unknown member', () => {
      given(aManager()).when(cmd.removeMember(ALICE)).thenNotFound('member-not-found');
    });

    it("should answer not found for another Manager's member, leaving it untouched", () => {
      const situation = aManager()
        .withActiveMember(ALICE, { balanceMinor: 300 })
        .withManager({ managerId: 'mgr-other', administratorId: 'admin-other', adminAccount: 'admin.other' });
      given(situation)
        .when(cmd.removeMember(ALICE, 'reclaim-x', 'mgr-other'))
        .thenNotFound('member-not-found');
    });

    it('should answer not found when there is no such Manager', () => {
      given({}).when(cmd.removeMember(ALICE)).thenNotFound('manager-not-found');
    });
  });
});

import { streamsOf } from '@skype-manager/domain';
import { aManager, ALICE, cmd, COMPANY_POOL, MANAGER_ID, memberAccount, SALES } from '@skype-manager/testing';

const manager = `manager-${MANAGER_ID}`;
const ledger = `ledger-${MANAGER_ID}`;

describe('Streams a command touches', () => {
  describe('When the command changes the Manager itself', () => {
    it('should name the manager and ledger streams for a department', () => {
      expect(streamsOf(cmd.createDepartment(SALES))).toEqual({ manager, ledger });
      expect(streamsOf(cmd.closeDepartment(SALES))).toEqual({ manager, ledger });
    });

    it('should name only the manager stream for administrators and details', () => {
      expect(streamsOf(cmd.addAdministrator({ administratorId: 'a-2' }))).toEqual({ manager });
      expect(streamsOf(cmd.updateManagerDetails({ name: 'X' }))).toEqual({ manager });
      expect(streamsOf(cmd.renameDepartment(SALES, 'X'))).toEqual({ manager });
    });
  });

  describe('When the command is about credit', () => {
    it('should name only the ledger', () => {
      expect(streamsOf(cmd.allocateCredit(COMPANY_POOL, memberAccount(ALICE), 1))).toEqual({ ledger });
      expect(streamsOf(cmd.setPermissions({ memberId: ALICE }))).toEqual({ ledger });
      expect(streamsOf(cmd.setCatalogue({ voicemail: 1 }))).toEqual({ ledger });
    });
  });

  describe('When the command is about an invitation', () => {
    it('should name the member stream, and the ledger unless it is a resend', () => {
      expect(streamsOf(cmd.inviteMember({ memberId: ALICE }))).toEqual({ ledger, member: `member-${ALICE}` });
      expect(streamsOf(cmd.resendInvitation(ALICE))).toEqual({ member: `member-${ALICE}` });
    });

    it('should name the account-name stream of the account accepting, case-insensitively', () => {
      expect(streamsOf(cmd.acceptInvitation({ memberId: ALICE, account: ' Alice.Skype ' }))).toEqual({
        ledger,
        member: `member-${ALICE}`,
        accountName: 'account-alice.skype',
      });
    });
  });

  describe('When a member is removed', () => {
    it("should name the account-name stream of an active member's account", () => {
      const active = aManager().withActiveMember(ALICE, { account: 'Alice.Skype' }).member(ALICE);
      expect(streamsOf(cmd.removeMember(ALICE), active).accountName).toBe('account-alice.skype');
    });

    it('should name no account-name stream for an invited member', () => {
      const invited = aManager().withInvitedMember(ALICE, { account: 'alice.skype' }).member(ALICE);
      expect(streamsOf(cmd.removeMember(ALICE), invited)).toEqual({ ledger, member: `member-${ALICE}` });
    });
  });
});

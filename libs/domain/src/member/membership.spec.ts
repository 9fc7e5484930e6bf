import type { AutoAllocationRule, Destinations, Feature } from '@skype-manager/domain';
import { aManager, ALICE, cmd, given, SALES, SUPPORT } from '@skype-manager/testing';

const rule = (r: Partial<AutoAllocationRule> = {}): AutoAllocationRule => ({
  topUpToMinor: 1000,
  whenBelowMinor: 200,
  monthlyLimitMinor: 5000,
  ...r,
});

describe('Move a member to a department', () => {
  describe('When the member is in a department', () => {
    const situation = () =>
      aManager()
        .withDepartment(SALES)
        .withDepartment(SUPPORT)
        .withActiveMember(ALICE, { departmentId: SALES });

    it('should move the member to another department', () => {
      given(situation())
        .when(cmd.moveMember(ALICE, SUPPORT))
        .then({
          ledger: [
            {
              type: 'MemberMovedToDepartment',
              data: { memberId: ALICE, fromDepartmentId: SALES, toDepartmentId: SUPPORT },
            },
          ],
        });
    });

    it('should take the member out of every department', () => {
      given(situation())
        .when(cmd.moveMember(ALICE, null))
        .then({
          ledger: [
            {
              type: 'MemberMovedToDepartment',
              data: { memberId: ALICE, fromDepartmentId: SALES, toDepartmentId: null },
            },
          ],
        });
    });

    it('should record nothing when the member is already there', () => {
      given(situation()).when(cmd.moveMember(ALICE, SALES)).then({});
    });

    it('should refuse an unknown department', () => {
      given(situation()).when(cmd.moveMember(ALICE, 'dep-ghost')).thenNotFound('department-not-found');
    });

    it('should refuse a closed department', () => {
      given(situation().withClosedDepartment('dep-old'))
        .when(cmd.moveMember(ALICE, 'dep-old'))
        .thenNotFound('department-not-found');
    });
  });

  describe('When the member is invited', () => {
    it('should move the invited member', () => {
      given(aManager().withDepartment(SALES).withInvitedMember(ALICE))
        .when(cmd.moveMember(ALICE, SALES))
        .then({
          ledger: [
            {
              type: 'MemberMovedToDepartment',
              data: { memberId: ALICE, fromDepartmentId: null, toDepartmentId: SALES },
            },
          ],
        });
    });
  });

  describe('When the member has left or is unknown', () => {
    it('should refuse a removed member', () => {
      given(aManager().withDepartment(SALES).withRemovedMember(ALICE))
        .when(cmd.moveMember(ALICE, SALES))
        .thenRefused('member-not-active');
    });

    it('should answer not found for an unknown member', () => {
      given(aManager().withDepartment(SALES))
        .when(cmd.moveMember(ALICE, SALES))
        .thenNotFound('member-not-found');
    });
  });
});

describe('Set member permissions', () => {
  describe('When the member is active', () => {
    it('should set the permitted features (once each), destinations and monthly cap', () => {
      given(aManager().withActiveMember(ALICE))
        .when(
          cmd.setPermissions({
            memberId: ALICE,
            features: ['voicemail', 'caller-id', 'voicemail'],
            destinations: 'domestic',
            monthlySpendLimitMinor: 2500,
          }),
        )
        .then({
          ledger: [
            {
              type: 'MemberPermissionsSet',
              data: {
                memberId: ALICE,
                features: ['voicemail', 'caller-id'],
                destinations: 'domestic',
                monthlySpendLimitMinor: 2500,
              },
            },
          ],
        });
    });

    it('should accept a cap of zero and no features at all', () => {
      given(aManager().withActiveMember(ALICE))
        .when(
          cmd.setPermissions({
            memberId: ALICE,
            features: [],
            destinations: 'none',
            monthlySpendLimitMinor: 0,
          }),
        )
        .thenState(({ ledger }) =>
          expect(ledger.status === 'open' && ledger.members[ALICE].permissions).toEqual({
            features: [],
            destinations: 'none',
            monthlySpendLimitMinor: 0,
          }),
        );
    });

    it('should refuse an unknown feature', () => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.setPermissions({ memberId: ALICE, features: ['voicemail', 'fax' as Feature] }))
        .thenInvalid('features');
    });

    it('should refuse an unknown destination class', () => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.setPermissions({ memberId: ALICE, destinations: 'europe' as Destinations }))
        .thenInvalid('destinations');
    });

    it.each([-1, 10.5, 1e13])('should refuse %p as a monthly cap', (cap) => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.setPermissions({ memberId: ALICE, monthlySpendLimitMinor: cap }))
        .thenInvalid('monthlySpendLimitMinor');
    });
  });

  describe('When the member has left or is unknown', () => {
    it('should refuse a removed member', () => {
      given(aManager().withRemovedMember(ALICE))
        .when(cmd.setPermissions({ memberId: ALICE }))
        .thenRefused('member-not-active');
    });

    it('should answer not found for an unknown member', () => {
      given(aManager())
        .when(cmd.setPermissions({ memberId: ALICE }))
        .thenNotFound('member-not-found');
    });
  });
});

describe('Set the automatic top-up rule', () => {
  describe('When the member is active', () => {
    it('should set the rule', () => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.setAutoAllocation(ALICE, rule()))
        .then({ ledger: [{ type: 'AutoAllocationSet', data: { memberId: ALICE, rule: rule() } }] });
    });

    it('should accept a rule without monthly limit', () => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.setAutoAllocation(ALICE, rule({ monthlyLimitMinor: null, whenBelowMinor: 0 })))
        .then({
          ledger: [
            {
              type: 'AutoAllocationSet',
              data: { memberId: ALICE, rule: rule({ monthlyLimitMinor: null, whenBelowMinor: 0 }) },
            },
          ],
        });
    });

    it('should clear the rule', () => {
      given(aManager().withActiveMember(ALICE).withAutoAllocation(ALICE, rule()))
        .when(cmd.setAutoAllocation(ALICE, null))
        .thenState(({ ledger }) =>
          expect(ledger.status === 'open' && ledger.members[ALICE].autoAllocation).toBeNull(),
        );
    });

    it.each([0, -5, 2.5])('should refuse %p as the amount to top up to', (topUpToMinor) => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.setAutoAllocation(ALICE, rule({ topUpToMinor, whenBelowMinor: 0 })))
        .thenInvalid('topUpToMinor');
    });

    it.each([
      ['negative', -1],
      ['equal to the top-up target', 1000],
      ['above the top-up target', 1500],
    ])('should refuse a threshold %s', (_label, whenBelowMinor) => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.setAutoAllocation(ALICE, rule({ whenBelowMinor })))
        .thenInvalid('whenBelowMinor');
    });

    it.each([0, -100, 0.5])('should refuse %p as a monthly limit', (monthlyLimitMinor) => {
      given(aManager().withActiveMember(ALICE))
        .when(cmd.setAutoAllocation(ALICE, rule({ monthlyLimitMinor })))
        .thenInvalid('monthlyLimitMinor');
    });
  });

  describe('When the member has left', () => {
    it('should refuse', () => {
      given(aManager().withRemovedMember(ALICE))
        .when(cmd.setAutoAllocation(ALICE, rule()))
        .thenRefused('member-not-active');
    });
  });
});

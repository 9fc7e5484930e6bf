import { DEFAULT_CATALOGUE, type Feature } from '@skype-manager/domain';
import { aManager, ALICE, BOB, cmd, given, PHONE, SALES } from '@skype-manager/testing';

/** Alice (sales) and Bob are active; the pool holds 5,000. */
const situation = () =>
  aManager()
    .withDepartment(SALES)
    .withActiveMember(ALICE, { departmentId: SALES })
    .withActiveMember(BOB)
    .withCredit(5_000);

const grant = (feature: Feature, options = {}, memberId = ALICE, grantId = 'grant-1') =>
  cmd.grantFeature({ grantId, memberId, feature, options });

describe('Grant a feature', () => {
  describe('When the member is active and the pool can pay', () => {
    it('should charge the default catalogue price to the company pool', () => {
      given(situation())
        .when(grant('voicemail'))
        .then({
          ledger: [
            {
              type: 'FeatureGranted',
              data: {
                grantId: 'grant-1',
                memberId: ALICE,
                departmentId: SALES,
                feature: 'voicemail',
                category: 'other',
                options: {},
                chargedMinor: DEFAULT_CATALOGUE.voicemail,
              },
            },
          ],
        });
    });

    it('should treat missing options as none', () => {
      const command = grant('voicemail');
      delete (command.data as { options?: unknown }).options;
      given(situation())
        .when(command)
        .thenState(({ ledger }) => expect(ledger).toMatchObject({ chargedMinor: DEFAULT_CATALOGUE.voicemail }));
    });

    it('should charge the price of the catalogue the Manager set', () => {
      given(situation().withCatalogue({ voicemail: 350 }))
        .when(grant('voicemail'))
        .thenState(({ ledger }) =>
          expect(ledger).toMatchObject({ companyMinor: 5_000 - 350, chargedMinor: 350 }),
        );
    });

    it('should grant a free feature even from an empty pool', () => {
      given(aManager().withActiveMember(ALICE).withCatalogue({ 'caller-id': 0 }))
        .when(grant('caller-id'))
        .thenState(({ ledger }) => expect(ledger).toMatchObject({ companyMinor: 0, chargedMinor: 0 }));
    });

    it('should record a subscription with its plan', () => {
      const decided = given(situation())
        .when(grant('subscription', { plan: 'World 400' }))
        .decision();
      expect(decided.ledger[0]).toMatchObject({
        type: 'FeatureGranted',
        data: {
          category: 'subscriptions',
          options: { plan: 'World 400' },
          chargedMinor: DEFAULT_CATALOGUE.subscription,
        },
      });
    });

    it('should refuse a blank plan', () => {
      given(situation())
        .when(grant('subscription', { plan: ' ' }))
        .thenInvalid('options.plan');
    });

    it('should refuse an unknown feature', () => {
      given(situation())
        .when(grant('fax' as Feature))
        .thenInvalid('feature');
    });
  });

  describe('When granting an online number', () => {
    it('should store the number in E.164 form', () => {
      const decided = given(situation())
        .when(grant('online-number', { number: '+33 1 42 68 53 00' }))
        .decision();
      expect(decided.ledger[0]).toMatchObject({
        type: 'FeatureGranted',
        data: {
          feature: 'online-number',
          category: 'numbers',
          options: { number: PHONE.paris },
          chargedMinor: 600,
        },
      });
    });

    it.each([undefined, '', '0142685300', '+3312', 'not a number'])(
      'should refuse %p as a number',
      (number) => {
        given(situation()).when(grant('online-number', { number })).thenInvalid('options.number');
      },
    );

    it('should refuse a number another member has', () => {
      given(situation().withFeature(BOB, 'online-number', { number: PHONE.paris }))
        .when(grant('online-number', { number: '+33 1 42 68 53 00' }))
        .thenRefused('number-already-assigned', { number: PHONE.paris });
    });

    it('should give a member a second, different number', () => {
      given(situation().withFeature(ALICE, 'online-number', { number: PHONE.paris }))
        .when(grant('online-number', { number: PHONE.frenchMobile }, ALICE, 'grant-2'))
        .thenState(({ ledger }) =>
          expect(ledger.status === 'open' && Object.keys(ledger.numbers).sort()).toEqual(
            [PHONE.paris, PHONE.frenchMobile].sort(),
          ),
        );
    });

    it('should reassign a number once it was revoked', () => {
      given(
        situation()
          .withFeature(BOB, 'online-number', { grantId: 'grant-bob', number: PHONE.paris })
          .with(cmd.revokeFeature(BOB, 'grant-bob')),
      )
        .when(grant('online-number', { number: PHONE.paris }))
        .thenState(({ ledger }) =>
          expect(ledger.status === 'open' && ledger.numbers).toEqual({ [PHONE.paris]: 'grant-1' }),
        );
    });
  });

  describe('When the member already has the feature', () => {
    it('should refuse to grant it twice', () => {
      given(situation().withFeature(ALICE, 'voicemail', { grantId: 'grant-vm' }))
        .when(grant('voicemail', {}, ALICE, 'grant-2'))
        .thenRefused('feature-already-granted', { grantId: 'grant-vm' });
    });

    it('should grant it again after it was revoked', () => {
      given(
        situation()
          .withFeature(ALICE, 'voicemail', { grantId: 'grant-vm' })
          .with(cmd.revokeFeature(ALICE, 'grant-vm')),
      )
        .when(grant('voicemail', {}, ALICE, 'grant-2'))
        .thenState(({ ledger }) =>
          expect(ledger.status === 'open' && Object.keys(ledger.grants)).toEqual(['grant-2']),
        );
    });
  });

  describe('When the feature is not permitted to the member', () => {
    it('should refuse it, naming the permitted features', () => {
      given(situation().withPermissions(ALICE, { features: ['voicemail'] }))
        .when(grant('caller-id'))
        .thenRefused('feature-not-permitted', { permitted: ['voicemail'] });
    });
  });

  describe('When the company pool cannot pay the price', () => {
    it('should refuse, saying what the pool holds and what the feature costs', () => {
      given(
        aManager()
          .withActiveMember(ALICE)
          .withCredit(DEFAULT_CATALOGUE.voicemail - 1),
      )
        .when(grant('voicemail'))
        .thenRefused('insufficient-credit', { availableMinor: 199, requestedMinor: 200 });
    });

    it('should not let credit allocated to members pay for it', () => {
      given(aManager().withActiveMember(ALICE, { balanceMinor: 10_000 }))
        .when(grant('voicemail'))
        .thenRefused('insufficient-credit', { availableMinor: 0 });
    });
  });

  describe('When the member is not active', () => {
    it('should refuse an invited member', () => {
      given(situation().withInvitedMember('mem-new'))
        .when(grant('voicemail', {}, 'mem-new'))
        .thenRefused('member-not-active');
    });

    it('should refuse a removed member', () => {
      given(situation().with(cmd.removeMember(BOB)))
        .when(grant('voicemail', {}, BOB))
        .thenRefused('member-not-active');
    });

    it('should answer not found for an unknown member', () => {
      given(situation())
        .when(grant('voicemail', {}, 'mem-ghost'))
        .thenNotFound('member-not-found');
    });
  });
});

describe('Revoke a feature', () => {
  describe('When the member has the feature', () => {
    const withNumber = () =>
      situation().withFeature(ALICE, 'online-number', { grantId: 'grant-num', number: PHONE.paris });

    it('should revoke it and free the number, without refund', () => {
      const before = withNumber().ledger();
      given(withNumber())
        .when(cmd.revokeFeature(ALICE, 'grant-num'))
        .then({
          ledger: [
            {
              type: 'FeatureRevoked',
              data: { grantId: 'grant-num', memberId: ALICE, feature: 'online-number', reason: 'revoked' },
            },
          ],
        });
      given(withNumber())
        .when(cmd.revokeFeature(ALICE, 'grant-num'))
        .thenState(({ ledger }) =>
          expect(ledger).toMatchObject({ numbers: {}, grants: {}, companyMinor: before.companyMinor }),
        );
    });

    it("should answer not found when naming another member's grant", () => {
      given(withNumber()).when(cmd.revokeFeature(BOB, 'grant-num')).thenNotFound('grant-not-found');
    });

    it('should answer not found for a grant already revoked', () => {
      given(withNumber().with(cmd.revokeFeature(ALICE, 'grant-num')))
        .when(cmd.revokeFeature(ALICE, 'grant-num'))
        .thenNotFound('grant-not-found');
    });

    it('should answer not found for an unknown grant', () => {
      given(withNumber()).when(cmd.revokeFeature(ALICE, 'grant-ghost')).thenNotFound('grant-not-found');
    });
  });
});

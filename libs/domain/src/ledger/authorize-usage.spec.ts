import { authorizeUsage, type Destinations, type UsageRecord } from '@skype-manager/domain';
import { aManager, ALICE, BOB, NOW, PHONE, type Scenario, usageRecord } from '@skype-manager/testing';

const call = (usageId: string, d: Partial<UsageRecord> = {}) =>
  usageRecord({ usageId, memberId: ALICE, ...d });
const ask = (scenario: Scenario, destination: string = PHONE.london, memberId = ALICE, now = NOW) =>
  authorizeUsage(scenario.ledger(), { memberId, destination, now });

/** Alice holds 1,000, may call anywhere, no cap. */
const situation = () => aManager().withActiveMember(ALICE, { balanceMinor: 1_000 });
const capped = (capMinor: number, destinations: Destinations = 'international') =>
  situation().withPermissions(ALICE, { monthlySpendLimitMinor: capMinor, destinations });

describe('Authorize usage', () => {
  describe('When the member is active, may call the destination and holds credit', () => {
    it('should allow spending the whole balance when there is no cap', () => {
      expect(ask(situation())).toEqual({ allowed: true, maxSpendMinor: 1_000 });
    });

    it('should allow no more than what is left of the monthly cap', () => {
      expect(ask(capped(300).withUsage(call('u-1', { costMinor: 200 })))).toEqual({
        allowed: true,
        maxSpendMinor: 100,
      });
    });

    it('should allow no more than the balance when the cap leaves more', () => {
      expect(ask(capped(5_000).withUsage(call('u-1', { costMinor: 950 })))).toEqual({
        allowed: true,
        maxSpendMinor: 50,
      });
    });

    it("should not count last month's spend against this month's cap", () => {
      const lastMonth = call('u-1', { costMinor: 300, startedAt: '2025-02-27T10:00:00.000Z' });
      expect(ask(capped(300).withUsage(lastMonth))).toEqual({ allowed: true, maxSpendMinor: 300 });
    });

    it('should allow a domestic call under domestic permissions', () => {
      expect(ask(capped(400, 'domestic'), PHONE.paris)).toEqual({ allowed: true, maxSpendMinor: 400 });
    });
  });

  describe('When the member may not spend', () => {
    it('should refuse once the monthly cap is reached', () => {
      expect(ask(capped(200).withUsage(call('u-1', { costMinor: 200 })))).toEqual({
        allowed: false,
        maxSpendMinor: 0,
        reason: 'monthly-spend-limit-reached',
      });
    });

    it('should refuse with a cap of zero', () => {
      expect(ask(capped(0))).toEqual({
        allowed: false,
        maxSpendMinor: 0,
        reason: 'monthly-spend-limit-reached',
      });
    });

    it('should refuse an empty balance', () => {
      expect(ask(aManager().withActiveMember(ALICE))).toEqual({
        allowed: false,
        maxSpendMinor: 0,
        reason: 'insufficient-credit',
      });
    });

    it('should refuse a destination abroad under domestic permissions', () => {
      expect(ask(capped(400, 'domestic'), PHONE.berlin)).toEqual({
        allowed: false,
        maxSpendMinor: 0,
        reason: 'destination-not-allowed',
      });
    });

    it('should refuse every destination under "none"', () => {
      expect(ask(capped(400, 'none'), PHONE.paris)).toEqual({
        allowed: false,
        maxSpendMinor: 0,
        reason: 'destination-not-allowed',
      });
    });

    it('should refuse an invalid destination', () => {
      expect(ask(situation(), '+3312')).toEqual({
        allowed: false,
        maxSpendMinor: 0,
        reason: 'invalid-destination',
      });
    });

    it.each([
      ['an invited member', () => situation().withInvitedMember(BOB)],
      ['a removed member', () => situation().withRemovedMember(BOB, { balanceMinor: 500 })],
      ['an unknown member', () => situation()],
    ])('should refuse %s', (_label, build) => {
      expect(ask(build(), PHONE.paris, BOB)).toEqual({
        allowed: false,
        maxSpendMinor: 0,
        reason: 'member-not-active',
      });
    });
  });

  describe('When the member has an automatic top-up rule', () => {
    const withRule = (balanceMinor: number, poolMinor: number) =>
      aManager()
        .withActiveMember(ALICE, { balanceMinor })
        .withAutoAllocation(ALICE, { topUpToMinor: 1_000, whenBelowMinor: 200, monthlyLimitMinor: null })
        .withCredit(poolMinor);

    it('should count what the top-up would add when the pool can pay it', () => {
      expect(ask(withRule(0, 5_000))).toEqual({ allowed: true, maxSpendMinor: 1_000 });
    });

    it('should count only the balance when the pool cannot pay the top-up', () => {
      expect(ask(withRule(100, 500))).toEqual({ allowed: true, maxSpendMinor: 100 });
    });
  });
});

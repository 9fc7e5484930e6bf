import { addDays, type Destinations, type UsageKind, type UsageRecord } from '@skype-manager/domain';
import {
  aManager,
  ALICE,
  at,
  BOB,
  cmd,
  given,
  NOW,
  PHONE,
  SALES,
  usageCharged,
  usageRecord,
  usageRejected,
} from '@skype-manager/testing';

/** Alice, in sales, holds 1,000. */
const situation = () =>
  aManager().withDepartment(SALES).withActiveMember(ALICE, { departmentId: SALES, balanceMinor: 1_000 });
const call = (usageId: string, d: Partial<UsageRecord> = {}) =>
  usageRecord({ usageId, memberId: ALICE, ...d });
const withDestinations = (destinations: Destinations) =>
  situation().withPermissions(ALICE, { destinations, features: [] });

describe('Record usage', () => {
  describe('When the member is active and can pay', () => {
    it.each<UsageKind>(['call', 'sms'])('should charge a %s to the member, in its category', (kind) => {
      const record = call('u-1', { kind, costMinor: 120 });
      given(situation())
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageCharged(record, SALES)] });
    });

    it('should lower the balance and count the spend in the month of the usage', () => {
      given(situation())
        .when(cmd.recordUsage(call('u-1', { costMinor: 120 }), call('u-2', { costMinor: 0 })))
        .thenState(({ ledger }) => {
          if (ledger.status !== 'open') throw new Error('ledger not open');
          expect(ledger.members[ALICE]).toMatchObject({
            balanceMinor: 880,
            spentByMonth: { '2025-03': 120 },
          });
          expect(ledger.chargedMinor).toBe(120);
        });
    });

    it('should charge the whole balance, to the last unit', () => {
      given(situation())
        .when(cmd.recordUsage(call('u-1', { costMinor: 1_000 })))
        .thenState(({ ledger }) =>
          expect(ledger.status === 'open' && ledger.members[ALICE].balanceMinor).toBe(0),
        );
    });
  });

  describe('When its events are stored', () => {
    it('should list their data keys in canonical (sorted) order, so the store hashes the text it stores', () => {
      const decided = given(situation())
        .when(cmd.recordUsage(call('u-1', { costMinor: 120 }), call('u-2', { costMinor: 5_000 }), call('u-3', { memberId: BOB })))
        .decision();
      expect(decided.ledger.map((event) => event.type)).toEqual(['UsageCharged', 'UsageRejected', 'UsageRejected']);
      for (const event of decided.ledger) expect(Object.keys(event.data)).toEqual(Object.keys(event.data).sort());
    });
  });

  describe('When a usage id was seen before', () => {
    it('should charge a usage id repeated in one batch once', () => {
      const record = call('u-1');
      given(situation())
        .when(cmd.recordUsage(record, { ...record, costMinor: 999 }))
        .then({ ledger: [usageCharged(record, SALES)] });
    });

    it('should record nothing for a usage id charged by an earlier command', () => {
      given(situation().withUsage(call('u-1')))
        .when(cmd.recordUsage(call('u-1', { costMinor: 500 })))
        .then({});
    });

    it('should record nothing for a usage id refused by an earlier command', () => {
      given(situation().withUsage(call('u-1', { costMinor: 5_000 })))
        .when(cmd.recordUsage(call('u-1', { costMinor: 1 })))
        .then({});
    });
  });

  describe('When a usage id was forgotten because it left the window', () => {
    it('should refuse the retried record as too old, never charging it twice', () => {
      const old = call('u-0', { startedAt: addDays(NOW, -35) });
      const later = addDays(NOW, 6);
      const situationLater = situation()
        .withUsage(old)
        .with(at(later, cmd.recordUsage(call('u-1', { startedAt: later }))));
      expect(situationLater.ledger().usageSeen).not.toHaveProperty('u-0');
      given(situationLater)
        .when(at(later, cmd.recordUsage(old)))
        .then({ ledger: [usageRejected(old, 'usage-too-old')] });
    });
  });

  describe('When the member cannot be charged', () => {
    it.each([
      ['an invited member', () => situation().withInvitedMember(BOB)],
      ['a removed member', () => situation().withRemovedMember(BOB)],
      ['an unknown member', () => situation()],
    ])('should refuse usage of %s', (_label, build) => {
      const record = usageRecord({ usageId: 'u-1', memberId: BOB });
      given(build())
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageRejected(record, 'member-not-active')] });
    });

    it('should refuse a cost above the balance, and charge the next record that fits', () => {
      const [big, small] = [call('u-1', { costMinor: 1_001 }), call('u-2', { costMinor: 1_000 })];
      given(situation())
        .when(cmd.recordUsage(big, small))
        .then({ ledger: [usageRejected(big, 'insufficient-credit'), usageCharged(small, SALES)] });
    });

    it('should count earlier charges of the same batch against the balance', () => {
      const [first, second] = [call('u-1', { costMinor: 600 }), call('u-2', { costMinor: 600 })];
      given(situation())
        .when(cmd.recordUsage(first, second))
        .then({ ledger: [usageCharged(first, SALES), usageRejected(second, 'insufficient-credit')] });
    });
  });

  describe('When the destination is restricted', () => {
    it.each([
      ['none', PHONE.paris, 'destination-not-allowed'],
      ['domestic', PHONE.paris, null],
      ['domestic', PHONE.frenchMobile, null],
      ['domestic', PHONE.london, 'destination-not-allowed'],
      ['domestic', PHONE.freephone, 'destination-not-allowed'],
      ['international', PHONE.newYork, null],
      ['international', PHONE.freephone, null],
    ] as const)(
      'with %s destinations, a call to %s should be %s (null: charged)',
      (destinations, destination, reason) => {
        const record = call('u-1', { destination });
        given(withDestinations(destinations))
          .when(cmd.recordUsage(record))
          .then({ ledger: [reason ? usageRejected(record, reason) : usageCharged(record, SALES)] });
      },
    );

    it.each(['0142685300', '+3312', 'anonymous', ''])(
      'should refuse %p as an invalid destination',
      (destination) => {
        const record = call('u-1', { destination });
        given(withDestinations('none'))
          .when(cmd.recordUsage(record))
          .then({ ledger: [usageRejected(record, 'invalid-destination')] });
      },
    );
  });

  describe('When the member has a monthly spending cap', () => {
    const capped = () =>
      situation()
        .withPermissions(ALICE, { monthlySpendLimitMinor: 250 })
        .withUsage(call('u-0', { costMinor: 200 }));

    it('should charge up to the cap exactly', () => {
      const record = call('u-1', { costMinor: 50 });
      given(capped())
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageCharged(record, SALES)] });
    });

    it('should refuse a charge that would go past the cap', () => {
      const record = call('u-1', { costMinor: 51 });
      given(capped())
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageRejected(record, 'monthly-spend-limit-reached')] });
    });

    it('should not count the previous month against this month', () => {
      const lastMonth = call('u-0', { costMinor: 250, startedAt: '2025-02-28T12:00:00.000Z' });
      const record = call('u-1', { costMinor: 250 });
      given(situation().withPermissions(ALICE, { monthlySpendLimitMinor: 250 }).withUsage(lastMonth))
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageCharged(record, SALES)] });
    });
  });

  describe('When the usage is outside the accepted time window', () => {
    it('should accept usage 35 days old, and refuse usage 36 days old', () => {
      const [oldest, tooOld] = [
        call('u-1', { startedAt: addDays(NOW, -35) }),
        call('u-2', { startedAt: addDays(NOW, -36) }),
      ];
      given(situation())
        .when(cmd.recordUsage(oldest, tooOld))
        .then({ ledger: [usageCharged(oldest, SALES), usageRejected(tooOld, 'usage-too-old')] });
    });

    it('should accept usage up to tomorrow (clock skew), and refuse later usage', () => {
      const [tomorrow, later] = [
        call('u-1', { startedAt: '2025-03-16T23:59:59.000Z' }),
        call('u-2', { startedAt: '2025-03-17T00:00:00.000Z' }),
      ];
      given(situation())
        .when(cmd.recordUsage(tomorrow, later))
        .then({ ledger: [usageCharged(tomorrow, SALES), usageRejected(later, 'usage-in-future')] });
    });

    it('should refuse usage older than the window behind the latest usage seen', () => {
      const record = call('u-2', { startedAt: addDays(NOW, -35) });
      given(situation().withUsage(call('u-1', { startedAt: addDays(NOW, 1) })))
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageRejected(record, 'usage-too-old')] });
    });

    it('should keep charging after a record dated far in the future was refused', () => {
      const record = call('u-2');
      given(situation().withUsage(call('u-1', { startedAt: '2099-01-01T00:00:00.000Z' })))
        .when(cmd.recordUsage(record))
        .then({ ledger: [usageCharged(record, SALES)] });
    });

    it('should charge a record refused as future once its time has come', () => {
      const early = call('u-1', { startedAt: addDays(NOW, 3) });
      given(situation().withUsage(early))
        .when(at(addDays(NOW, 3), cmd.recordUsage(early)))
        .then({ ledger: [usageCharged(early, SALES)] });
    });
  });
});

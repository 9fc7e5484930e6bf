import { addDays, evolveLedger, ledgerFromSnapshot, ledgerSnapshotText, type LedgerState, type OpenLedger } from '@skype-manager/domain';
import { aManager, ALICE, at, cmd, NOW, SALES, usageCharged, usageRecord } from '@skype-manager/testing';

const call = (usageId: string, startedAt: string) => usageRecord({ usageId, memberId: ALICE, costMinor: 1, startedAt });

/** Alice has used the phone on three different days (a repeat of u-2 came with the last usage, and is ignored). */
const busyLedger = (): OpenLedger =>
  aManager()
    .withDepartment(SALES)
    .withActiveMember(ALICE, { departmentId: SALES, balanceMinor: 100_000 })
    .withUsage(call('u-1', addDays(NOW, -3)), call('u-2', addDays(NOW, -2)), call('u-3', addDays(NOW, -2)))
    .with(at(NOW, cmd.recordUsage(call('u-4', NOW), call('u-2', addDays(NOW, -2)))))
    .ledger();

const open = (state: LedgerState): OpenLedger => {
  if (state.status !== 'open') throw new Error('ledger not open');
  return state;
};

describe('Ledger snapshots', () => {
  describe('Given a ledger that remembers usage of several days', () => {
    it('should write each remembered usage id once, without the by-day index', () => {
      const text = ledgerSnapshotText(busyLedger());
      for (const id of ['u-1', 'u-2', 'u-3', 'u-4']) expect(text.split(`"${id}"`).length - 1).toBe(1);
      expect(JSON.parse(text)).not.toHaveProperty('usageByDay');
    });

    it('should load back the state it was taken from, by-day index included', () => {
      const state = busyLedger();
      expect(Object.keys(state.usageByDay)).toHaveLength(3);
      expect(ledgerFromSnapshot(JSON.parse(ledgerSnapshotText(state)))).toEqual(state);
    });

    it('should go on like the live state: the same duplicates known, the same days forgotten', () => {
      const live = busyLedger();
      let loaded = open(ledgerFromSnapshot(JSON.parse(ledgerSnapshotText(live))));
      // A usage 41 days later moves the window: every earlier day is forgotten by both.
      const later = usageCharged(call('u-5', addDays(NOW, 41)), SALES);
      const after = open(evolveLedger(live, later));
      loaded = open(evolveLedger(loaded, later));
      expect(loaded.usageSeen).toEqual({ 'u-5': after.usageSeen['u-5'] });
      expect(loaded.usageSeen).toEqual(after.usageSeen);
      expect(loaded.usageByDay).toEqual(after.usageByDay);
    });
  });

  describe('Given a ledger that is not open', () => {
    it('should snapshot and load it as it is', () => {
      expect(ledgerFromSnapshot(JSON.parse(ledgerSnapshotText({ status: 'none' })))).toEqual({ status: 'none' });
    });
  });
});

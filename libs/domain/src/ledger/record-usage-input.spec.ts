import { MAX_USAGE_RECORDS, type UsageKind, type UsageRecord } from '@skype-manager/domain';
import { aManager, ALICE, at, cmd, given, nothing, NOW, usageRecord } from '@skype-manager/testing';

const situation = () => aManager().withActiveMember(ALICE, { balanceMinor: 1_000 });
const call = (usageId: string, d: Partial<UsageRecord> = {}) =>
  usageRecord({ usageId, memberId: ALICE, ...d });

describe('Record usage: the request', () => {
  describe('When the request is malformed', () => {
    it.each([
      ['usageId', { usageId: '' }],
      ['usageId', { usageId: 'x'.repeat(201) }],
      ['kind', { kind: 'fax' as UsageKind }],
      ['startedAt', { startedAt: 'yesterday' }],
      ['durationSeconds', { durationSeconds: -1 }],
      ['durationSeconds', { durationSeconds: 1.5 }],
      ['costMinor', { costMinor: -1 }],
      ['costMinor', { costMinor: 0.5 }],
    ])('should refuse a bad %s, appending nothing for the valid records', (field, bad) => {
      given(situation())
        .when(cmd.recordUsage(call('u-1'), call('u-2', bad)))
        .thenInvalid(`records[1].${field}`);
    });

    it('should refuse an empty batch', () => {
      given(situation()).when(cmd.recordUsage()).thenInvalid('records');
    });

    it(`should refuse more than ${MAX_USAGE_RECORDS} records`, () => {
      const records = Array.from({ length: MAX_USAGE_RECORDS + 1 }, (_, i) => call(`u-${i}`));
      given(situation())
        .when(cmd.recordUsage(...records))
        .thenInvalid('records');
    });

    it('should refuse a batch without a top-up id per record', () => {
      const command = cmd.recordUsage(call('u-1'), call('u-2'));
      given(situation())
        .when({ ...command, data: { ...command.data, topUpIds: ['t-1'] } })
        .thenInvalid('topUpIds');
    });
  });

  describe('When there is no such Manager', () => {
    it('should answer not found', () => {
      given(nothing())
        .when(at(NOW, cmd.recordUsage(call('u-1'))))
        .thenNotFound('manager-not-found');
    });
  });
});

import { ANY, NO_STREAM, START, STREAM_EXISTS, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { ConcurrencyError, type ExpectedRevision } from '../event-store.port';
import {
  decodeChainHead,
  decodeMetadata,
  encodeMetadata,
  fromCurrentState,
  isChainConflict,
  isHiddenEvent,
  numberToReadPosition,
  positionToNumber,
  toConcurrencyError,
  toRecordedEvent,
  toStreamState,
} from './kurrentdb-mapping';

const wrongVersion = (streamName: string, current: bigint | typeof NO_STREAM) =>
  new WrongExpectedVersionError(undefined, { streamName, expected: 3n, current });

const chained = {
  managerId: 'm1',
  occurredAt: '2025-01-01T00:00:00.000Z',
  actor: 'member:7',
  correlationId: 'c1',
  causationId: 'c0',
  schemaVersion: 2,
  chainSeq: 12,
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('KurrentDB mapping', () => {
  describe('expected revision', () => {
    it.each<[ExpectedRevision, unknown]>([
      [0, 0n],
      [41, 41n],
      ['no-stream', NO_STREAM],
      ['stream-exists', STREAM_EXISTS],
      ['any', ANY],
    ])('should send %p as %p', (expected, state) => {
      expect(toStreamState(expected)).toBe(state);
    });

    it('should read the current state back as a revision or no stream', () => {
      expect(fromCurrentState(7n)).toBe(7);
      expect(fromCurrentState(NO_STREAM)).toBeUndefined();
      expect(fromCurrentState(-5n)).toBeUndefined(); // deleted stream marker
    });
  });

  describe('errors', () => {
    const expectations = new Map<string, ExpectedRevision>([
      ['ledger-1', 'no-stream'],
      ['member-1', 3],
    ]);

    it('should turn a wrong expected version on a caller stream into ConcurrencyError with what the caller expected', () => {
      const error = toConcurrencyError(wrongVersion('ledger-1', 4n), expectations);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId: 'ledger-1', expected: 'no-stream', actual: 4 });
      expect(toConcurrencyError(wrongVersion('member-1', NO_STREAM), expectations)).toMatchObject({ expected: 3, actual: undefined });
    });

    it('should leave chain-stream conflicts and other errors alone', () => {
      expect(toConcurrencyError(wrongVersion('chain-m1', 2n), expectations)).toBeUndefined();
      expect(toConcurrencyError(new Error('unavailable'), expectations)).toBeUndefined();
      expect(isChainConflict(wrongVersion('chain-m1', 2n))).toBe(true);
      expect(isChainConflict(wrongVersion('ledger-1', 2n))).toBe(false);
      expect(isChainConflict(new Error('chain-m1'))).toBe(false);
    });
  });

  describe('positions', () => {
    it('should expose the commit position as a number and resume from it', () => {
      expect(positionToNumber({ commit: 1234n, prepare: 1234n })).toBe(1234);
      expect(numberToReadPosition(1234)).toEqual({ commit: 1234n, prepare: 1234n });
      expect(numberToReadPosition(0)).toBe(START);
    });

    it('should refuse a position beyond Number.MAX_SAFE_INTEGER instead of rounding it', () => {
      const beyond = BigInt(Number.MAX_SAFE_INTEGER) + 2n;
      expect(() => positionToNumber({ commit: beyond, prepare: beyond })).toThrow(RangeError);
    });
  });

  describe('system and internal events', () => {
    it.each([
      ['$stats-127.0.0.1:2113', 'Stats', true],
      ['ledger-1', '$metadata', true],
      ['chain-m1', 'ChainHeadAdvanced', true],
      ['snapshot-ledger-1', 'SnapshotSaved', true],
      ['ledger-1', 'CreditAllocated', false],
      ['member-chain-1', 'MemberInvited', false],
    ])('should treat stream %s with type %s as hidden: %p', (streamId, type, hidden) => {
      expect(isHiddenEvent(streamId, type)).toBe(hidden);
    });
  });

  describe('metadata', () => {
    it('should encode every field as a string and decode it back', () => {
      const encoded = encodeMetadata({ ...chained, idempotencyKey: 'k1' });
      expect(Object.values(encoded).every((value) => typeof value === 'string')).toBe(true);
      expect(decodeMetadata(encoded, 'e1')).toEqual({ ...chained, idempotencyKey: 'k1' });
      expect(decodeMetadata(encodeMetadata(chained), 'e1')).toEqual(chained);
    });

    it('should decode metadata delivered as JSON bytes and ignore properties a server adds', () => {
      const bytes = new Uint8Array(Buffer.from(JSON.stringify({ ...encodeMetadata(chained), '$schema.name': 'X' })));
      expect(decodeMetadata(bytes, 'e1')).toEqual(chained);
    });

    it('should name the event and field when metadata is unusable', () => {
      expect(() => decodeMetadata({ ...encodeMetadata(chained), chainSeq: 'x' }, 'e9')).toThrow(/e9: chainSeq/);
      expect(() => decodeMetadata(new Uint8Array([1, 2]), 'e9')).toThrow(/not JSON/);
    });
  });

  describe('recorded events', () => {
    it('should map a client event to the port event', () => {
      const event = toRecordedEvent({
        id: 'e1',
        streamId: 'ledger-1',
        revision: 4n,
        type: 'CreditAllocated',
        data: { amountMinor: 5 },
        metadata: encodeMetadata(chained),
        position: { commit: 900n, prepare: 900n },
      });
      expect(event).toEqual({ id: 'e1', streamId: 'ledger-1', revision: 4, position: 900, type: 'CreditAllocated', data: { amountMinor: 5 }, metadata: chained });
    });

    it('should refuse an event without a log position', () => {
      const base = { id: 'e1', streamId: 's', revision: 0n, type: 'T', data: {}, metadata: encodeMetadata(chained) };
      expect(() => toRecordedEvent(base)).toThrow(/no log position/);
    });

    it('should read a chain head event', () => {
      expect(decodeChainHead({ seq: 3, hash: 'h' })).toEqual({ seq: 3, hash: 'h' });
      expect(() => decodeChainHead({ seq: '3' })).toThrow(/chain head/);
    });
  });
});

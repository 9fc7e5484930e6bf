import { decodeOutcomes, decodeRequests, encodeOutcomes, encodeRequests, type WireOutcome, type WireRequest } from './writer-protocol';

describe('writer protocol (what crosses to the writer thread)', () => {
  const event = (id: string) => ({
    id,
    type: 'CreditAllocated',
    dataJson: '{"b":1,"a":"x\\"y"}',
    canonicalData: '{"a":"x\\"y","b":1}',
    metadataJson: '{"actor":"a","managerId":"m"}',
  });

  it('should give back every request, stream and event as encoded, in order', () => {
    const requests: WireRequest[] = [
      [{ streamId: 'ledger-m', expectedRevision: 4, managerId: 'm', events: [event('e1'), event('e2')] }],
      [
        { streamId: 'member-1', expectedRevision: 'no-stream', managerId: 'm', events: [event('e3')] },
        { streamId: 'manager-m', expectedRevision: 'any', managerId: 'm', events: [event('e4'), { ...event('e5'), metadataJson: '{"actor":"b"}' }] },
        { streamId: 'member-2', expectedRevision: 0, managerId: 'm', events: [{ ...event('e6'), metadataJson: '{"actor":"b"}' }, event('e7')] },
        { streamId: 'member-3', expectedRevision: 0, managerId: 'm', events: [{ ...event('e8'), dataJson: '{"a":1}', canonicalData: '{"a":1}' }] },
      ],
    ];
    expect(decodeRequests(encodeRequests(requests))).toEqual(requests);
    expect(decodeRequests(encodeRequests([]))).toEqual([]);
  });

  it('should give back written, re-appended and failed outcomes', () => {
    const outcomes: WireOutcome[] = [
      { ok: 'written', firstPosition: 10, count: 2, streams: [{ streamId: 'ledger-m', nextExpectedRevision: 1 }] },
      { ok: 'written', firstPosition: 12, count: 3, streams: [{ streamId: 'a', nextExpectedRevision: 0 }, { streamId: 'b', nextExpectedRevision: 4 }] },
      {
        ok: 'reappended',
        result: {
          lastPosition: 7,
          streams: [{ streamId: 's', nextExpectedRevision: 0 }],
          events: [
            {
              id: 'e',
              streamId: 's',
              revision: 0,
              position: 7,
              type: 'T',
              data: { a: [1, { b: null }] },
              metadata: { actor: 'a', causationId: 'c', correlationId: 'c', managerId: 'm', occurredAt: 'now', schemaVersion: 1, chainSeq: 1, prevHash: '', hash: 'h' },
            },
          ],
        },
      },
      { ok: false, error: { kind: 'concurrency', streamId: 's', expected: 3, actual: 5 } },
      { ok: false, error: { kind: 'other', name: 'SqliteError', message: 'disk full', code: 'SQLITE_FULL' } },
    ];
    expect(decodeOutcomes(encodeOutcomes(outcomes))).toEqual(outcomes);
  });

  it('should refuse an outcome it cannot read rather than guess', () => {
    expect(() => decodeOutcomes([1, 9])).toThrow('malformed outcome tag 9');
    expect(() => decodeRequests([1, 1, 's', 'any', 'm', 1, 'id', 'T', '{}', '{}', 0])).toThrow('refers to no previous event');
  });
});

import { createHash } from 'node:crypto';
import type { RecordedEvent } from './event-store.port';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import type { JsonObject } from './event-store.port';
import { type ChainHead, EMPTY_CHAIN_HEAD, computeEventHash, computeEventHashOfCanonical, linkEvent, verifyChain } from './hash-chain';

const metadata = (managerId: string) => ({
  managerId,
  occurredAt: '2025-01-01T00:00:00.000Z',
  actor: 'system',
  correlationId: 'c-1',
  causationId: 'c-0',
  schemaVersion: 1,
});

/** A log of `count` events alternating between Managers m1 and m2, chained as the store chains them. */
function chainedLog(count: number): RecordedEvent[] {
  const heads = new Map<string, ChainHead>();
  return Array.from({ length: count }, (_, index) => {
    const managerId = index % 3 === 2 ? 'm2' : 'm1';
    const content = {
      streamId: `ledger-${managerId}`,
      revision: index,
      id: `e${index + 1}`,
      type: 'CreditAllocated',
      data: { amountMinor: 100 + index },
      metadata: metadata(managerId),
    };
    const link = linkEvent(heads.get(managerId) ?? EMPTY_CHAIN_HEAD, content);
    heads.set(managerId, link.head);
    return { ...content, position: (index + 1) * 10, metadata: { ...content.metadata, ...link.fields } };
  });
}

const m1 = (log: RecordedEvent[]) => log.filter((event) => event.metadata.managerId === 'm1');

describe('computeEventHash', () => {
  it('should hash exactly prevHash + the canonical JSON of the content', () => {
    const content = { chainSeq: 1, streamId: 's', revision: 0, id: 'e1', type: 'T', data: { b: 2, a: 1 }, metadata: metadata('m1') };
    const bytes =
      'prev{"chainSeq":1,"data":{"a":1,"b":2},"id":"e1","metadata":{"actor":"system","causationId":"c-0",' +
      '"correlationId":"c-1","managerId":"m1","occurredAt":"2025-01-01T00:00:00.000Z","schemaVersion":1},' +
      '"revision":0,"streamId":"s","type":"T"}';
    expect(computeEventHash('prev', content)).toBe(createHash('sha256').update(bytes, 'utf8').digest('hex'));
  });

  it('should ignore chain fields present in the metadata', () => {
    const content = { chainSeq: 1, streamId: 's', revision: 0, id: 'e1', type: 'T', data: {}, metadata: metadata('m1') };
    const withChain = { ...content, metadata: { ...content.metadata, chainSeq: 9, prevHash: 'x', hash: 'y' } };
    expect(computeEventHash('', withChain)).toBe(computeEventHash('', content));
  });
});

describe('computeEventHashOfCanonical', () => {
  it('should give the same hash as computeEventHash for any content', () => {
    fc.assert(
      fc.property(
        fc.record({
          chainSeq: fc.integer({ min: 1, max: 1e9 }),
          revision: fc.integer({ min: 0, max: 1e9 }),
          streamId: fc.string({ minLength: 1 }),
          id: fc.string({ minLength: 1 }),
          type: fc.string({ minLength: 1 }),
          data: fc.dictionary(fc.string(), fc.jsonValue()),
          prevHash: fc.stringMatching(/^[0-9a-f]{0,64}$/),
          idempotencyKey: fc.option(fc.string(), { nil: undefined }),
        }),
        (content) => {
          const meta = { ...metadata('m"1'), ...(content.idempotencyKey === undefined ? {} : { idempotencyKey: content.idempotencyKey }) };
          const data = JSON.parse(JSON.stringify(content.data)) as JsonObject;
          const expected = computeEventHash(content.prevHash, { ...content, data, metadata: meta });
          const actual = computeEventHashOfCanonical(content.prevHash, {
            ...content,
            canonicalData: canonicalJson(data),
            canonicalMetadata: canonicalJson(meta),
          });
          expect(actual).toBe(expected);
        },
      ),
    );
  });
});

describe('verifyChain', () => {
  it('should accept an untouched log of several Managers', () => {
    const log = chainedLog(9);
    expect(m1(log).map((event) => event.metadata.chainSeq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(verifyChain(log)).toEqual({ ok: true, problems: [] });
  });

  it('should name the edited event when data was changed', () => {
    const log = chainedLog(9);
    log[3] = { ...log[3], data: { amountMinor: 1_000_000 } };
    const result = verifyChain(log);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ position: 40, chainSeq: 3, problem: expect.stringMatching(/edited/) }]);
  });

  it('should name the edited event when metadata or the stream was changed', () => {
    const log = chainedLog(6);
    log[4] = { ...log[4], metadata: { ...log[4].metadata, actor: 'administrator:mallory' } };
    log[1] = { ...log[1], streamId: 'ledger-other' };
    expect(verifyChain(log).problems.map((problem) => problem.position)).toEqual([20, 50]);
  });

  it('should name the event after a deleted one', () => {
    const log = chainedLog(9);
    log.splice(3, 1); // m1's chainSeq 3 at position 40
    const result = verifyChain(log);
    expect(result.problems[0]).toEqual({ position: 50, chainSeq: 4, problem: expect.stringMatching(/expected chainSeq 3 .* found 4/) });
  });

  it('should detect the deletion of the first event of a chain', () => {
    const log = chainedLog(4).slice(1);
    expect(verifyChain(log).problems[0]).toMatchObject({ position: 20, chainSeq: 2 });
  });

  it('should name the first of two events swapped in the log', () => {
    const log = chainedLog(9);
    // Swap the contents stored at positions 40 and 50 (m1's chainSeq 3 and 4).
    const [a, b] = [log[3], log[4]];
    log[3] = { ...b, position: a.position };
    log[4] = { ...a, position: b.position };
    const result = verifyChain(log);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ position: 40, chainSeq: 4 });
    expect(result.problems[1]).toMatchObject({ position: 50, chainSeq: 3, problem: expect.stringMatching(/reordered/) });
  });

  it('should detect a replaced event whose hash was recomputed', () => {
    const log = chainedLog(6);
    const forged = linkEvent({ seq: 2, hash: log[1].metadata.hash }, { ...log[3], data: { amountMinor: 1 } });
    log[3] = { ...log[3], data: { amountMinor: 1 }, metadata: { ...log[3].metadata, ...forged.fields } };
    expect(verifyChain(log).problems[0]).toMatchObject({ position: 50, problem: expect.stringMatching(/prevHash/) });
  });

  it('should detect events given out of position order', () => {
    const log = chainedLog(3);
    expect(verifyChain([log[0], log[2], log[1]]).problems[0]).toMatchObject({ position: 20, problem: expect.stringMatching(/position/) });
  });

  it('should verify a slice of the log from known chain heads', () => {
    const log = chainedLog(9);
    const slice = log.slice(4);
    expect(verifyChain(slice).ok).toBe(false);
    const startHeads = new Map<string, ChainHead>([
      ['m1', { seq: 3, hash: log[3].metadata.hash }],
      ['m2', { seq: 1, hash: log[2].metadata.hash }],
    ]);
    expect(verifyChain(slice, { startHeads })).toEqual({ ok: true, problems: [] });
  });
});

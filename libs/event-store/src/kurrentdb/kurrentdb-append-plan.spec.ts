import { NO_STREAM } from '@kurrent/kurrentdb-client';
import { validateAppendRequests } from '../append-rules';
import { newEvents } from '../contract/contract-fixtures';
import type { RecordedEvent } from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { DEFAULT_EVENT_STORE_LIMITS } from '../limits';
import { planAppend, type StoredChainHead } from './kurrentdb-append-plan';
import { decodeMetadata } from './kurrentdb-mapping';

function requests() {
  return validateAppendRequests(
    [
      { streamId: 'ledger-m1', expectedRevision: 4, events: newEvents('m1', 2) },
      { streamId: 'member-7', expectedRevision: 'no-stream', events: newEvents('m1', 1) },
      { streamId: 'ledger-m2', expectedRevision: 'any', events: newEvents('m2', 1) },
    ],
    DEFAULT_EVENT_STORE_LIMITS,
  );
}

/** What readers would see, if the server stored the plan as sent (positions in request order). */
function asRecorded(plan: ReturnType<typeof planAppend>): RecordedEvent[] {
  let position = 100;
  return plan.requests
    .filter((request) => !request.streamName.startsWith('chain-'))
    .flatMap((request, index) =>
      request.events.map((event, offset) => ({
        id: event.id,
        streamId: request.streamName,
        revision: plan.firstRevisions[index] + offset,
        position: (position += 1),
        type: event.type,
        data: event.data as RecordedEvent['data'],
        metadata: decodeMetadata(event.metadata, event.id),
      })),
    );
}

describe('planAppend (KurrentDB)', () => {
  const m1Head = { seq: 7, hash: 'f'.repeat(64) };
  const chains = new Map<string, StoredChainHead>([['m1', { head: m1Head, revision: 6 }]]);

  it('should number events after each stream\'s current revision and expect exactly that revision', () => {
    const plan = planAppend(requests(), [4, undefined, 9], chains);
    expect(plan.firstRevisions).toEqual([5, 0, 10]);
    expect(plan.requests.slice(0, 3).map((request) => request.expectedState)).toEqual([4n, NO_STREAM, 9n]);
  });

  it('should continue each Manager\'s chain and write one chain head per Manager with its stream revision', () => {
    const plan = planAppend(requests(), [4, undefined, 9], chains);
    const chainWrites = plan.requests.slice(3);
    expect(chainWrites.map((request) => [request.streamName, request.expectedState])).toEqual([
      ['chain-m1', 6n],
      ['chain-m2', NO_STREAM],
    ]);
    const recorded = asRecorded(plan);
    expect(recorded.map((event) => [event.metadata.managerId, event.metadata.chainSeq])).toEqual([
      ['m1', 8],
      ['m1', 9],
      ['m1', 10],
      ['m2', 1],
    ]);
    const startHeads = new Map([['m1', m1Head]]);
    expect(verifyChain(recorded, { startHeads })).toEqual({ ok: true, problems: [] });
    expect(chainWrites[0].events[0].data).toEqual({ seq: 10, hash: recorded[2].metadata.hash });
  });

  it('should carry only string metadata, as the multi-stream append requires', () => {
    const plan = planAppend(requests(), [4, undefined, 9], chains);
    for (const request of plan.requests) {
      for (const event of request.events) {
        expect(Object.values(event.metadata as Record<string, unknown>).every((value) => typeof value === 'string')).toBe(true);
      }
    }
  });
});

import fc from 'fast-check';
import { EMPTY_CHAIN_HEAD, linkEvent, verifyChain, type ChainHead, type JsonObject, type RecordedEvent } from '@skype-manager/event-store';
import { ChainCheck } from './chain-check';

const MANAGERS = ['mgr-a', 'mgr-b', 'mgr-c'];

/** A chained log of `count` events over a few Managers, as the store would have written it. */
function chainedLog(count: number, managerOf: (index: number) => string): RecordedEvent[] {
  const heads = new Map<string, ChainHead>();
  const log: RecordedEvent[] = [];
  for (let index = 0; index < count; index++) {
    const managerId = managerOf(index);
    const content = {
      streamId: `ledger-${managerId}`,
      revision: index,
      id: `event-${index}`,
      type: index % 2 === 0 ? 'UsageCharged' : 'CreditAllocated',
      data: { memberId: `m${index % 5}`, costMinor: index, to: { type: 'member', memberId: 'm1' }, note: index % 3 === 0 ? 'é"\n' : null } as JsonObject,
      metadata: { managerId, occurredAt: `2025-01-01T00:00:${String(index % 60).padStart(2, '0')}.000Z`, actor: 'system', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
    };
    const { fields, head } = linkEvent(heads.get(managerId) ?? EMPTY_CHAIN_HEAD, content);
    heads.set(managerId, head);
    // Read back from the database: the parsed form of the stored JSON.
    log.push(JSON.parse(JSON.stringify({ ...content, position: index + 1, metadata: { ...content.metadata, ...fields } })) as RecordedEvent);
  }
  return log;
}

type Tamper = (log: RecordedEvent[]) => void;

const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  fc.nat().map((n): Tamper => (log) => void (log[n % log.length].data = { ...log[n % log.length].data, costMinor: -1 })),
  fc.nat().map((n): Tamper => (log) => void log.splice(n % log.length, 1)),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Tamper => (log) => {
    const [i, j] = [a % log.length, b % log.length];
    [log[i], log[j]] = [log[j], log[i]];
  }),
  fc.nat().map((n): Tamper => (log) => void (log[n % log.length].metadata.prevHash = 'f'.repeat(64))),
  fc.nat().map((n): Tamper => (log) => void (log[n % log.length].metadata.chainSeq += 1)),
  fc.nat().map((n): Tamper => (log) => void (log[n % log.length].metadata.actor = 'someone else')),
  fc.nat().map((n): Tamper => (log) => void (log[n % log.length].position = 0)),
  fc.nat().map((n): Tamper => (log) => void ((log[n % log.length] as { data: unknown }).data = null)),
  fc.nat().map((n): Tamper => (log) => void ((log[n % log.length].metadata as { extra?: string }).extra = 'x')),
);

/** What the event store's verifier says, page by page with the heads carried over. */
function expected(log: readonly RecordedEvent[], pageSize: number) {
  const heads = new Map<string, ChainHead>();
  const problems = [];
  for (let start = 0; start < log.length; start += pageSize) {
    problems.push(...verifyChain(log.slice(start, start + pageSize), { startHeads: heads, endHeads: heads }).problems);
  }
  return problems.map((problem) => ({ position: problem.position, kind: 'hash-chain', detail: `chainSeq ${problem.chainSeq}: ${problem.problem}` }));
}

function actual(log: readonly RecordedEvent[], pageSize: number) {
  const check = new ChainCheck();
  const problems = [];
  for (let start = 0; start < log.length; start += pageSize) problems.push(...check.check(log.slice(start, start + pageSize)));
  return problems;
}

describe('ChainCheck', () => {
  it('should find nothing in an intact log, whatever the paging', () => {
    const log = chainedLog(200, (index) => MANAGERS[Math.floor(index / 7) % MANAGERS.length]);
    for (const pageSize of [1, 7, 50, 200]) expect(actual(log, pageSize)).toEqual([]);
  });

  it('should report exactly what the event store’s verifyChain reports, for any tampering and paging', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.constantFrom(...MANAGERS), { minLength: 1, maxLength: 60 }),
        fc.array(tamper, { minLength: 0, maxLength: 3 }),
        fc.integer({ min: 1, max: 25 }),
        (count, managers, tampers, pageSize) => {
          const log = chainedLog(count, (index) => managers[index % managers.length]);
          for (const change of tampers) if (log.length > 0) change(log);
          expect(actual(log, pageSize)).toEqual(expected(log, pageSize));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should name an edited event once, and go on checking the pages after it', () => {
    const log = chainedLog(30, () => 'mgr-a');
    log[12].data.costMinor = 999;
    expect(actual(log, 5)).toEqual([{ position: 13, kind: 'hash-chain', detail: expect.stringContaining('edited') }]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerInvariantViolations, type Command, type Decision, type OpenLedger, type UsageRecord } from '@skype-manager/domain';
import { createSqliteEventStore, type EventStore, type JsonValue, verifyChain } from '@skype-manager/event-store';
import { cmd, MANAGER_ID, memberAccount, NOW, usageRecord } from '@skype-manager/testing';
import { CommandService } from './command-service';
import { request } from './test-support/commands';

/**
 * A RecordUsage of more than `usagePartRecords` records is decided a part at a time, each part handed
 * to the store while the next is decided (EventStore.appendInParts). Given the same commands, the
 * log, the answers and the state must be exactly those of deciding the batch whole.
 */

const MEMBERS = ['m-1', 'm-2', 'm-3'];
const DAY_MS = 86_400_000;

/** Members with little credit, a top-up rule and a cap, so a batch runs balances, caps and the pool dry. */
const setUp: Command[] = [
  cmd.setUpManager(),
  cmd.purchaseCredit({ amountMinor: 30_000 }),
  ...MEMBERS.flatMap((memberId) => [cmd.inviteMember({ memberId }), cmd.acceptInvitation({ memberId })]),
  cmd.allocateCredit({ type: 'company' }, memberAccount('m-1'), 2_000, 'allocation-m-1'),
  cmd.setAutoAllocation('m-2', { topUpToMinor: 900, whenBelowMinor: 300, monthlyLimitMinor: 20_000 }),
  cmd.setPermissions({ memberId: 'm-3', monthlySpendLimitMinor: 4_000 }),
  cmd.allocateCredit({ type: 'company' }, memberAccount('m-3'), 10_000, 'allocation-m-3'),
];

/** `count` records from `first`: repeats within the batch, a stranger, two months, costs that add up. */
function batch(first: number, count: number): UsageRecord[] {
  const nowMs = Date.parse(NOW);
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    const usage = n % 11 === 0 ? first : n; // every eleventh record repeats the batch's first usage id
    return usageRecord({
      usageId: `usage-${usage}`,
      memberId: n % 17 === 0 ? 'stranger' : MEMBERS[n % MEMBERS.length],
      startedAt: new Date(nowMs - ((n * 7) % 40) * DAY_MS).toISOString(),
      costMinor: (n * 37) % 250,
    });
  });
}

type Run = { answers: unknown[]; log: Array<{ streamId: string; type: string; data: unknown }>; ledger: OpenLedger };

async function run(store: EventStore, usagePartRecords: number, batches: UsageRecord[][]): Promise<Run> {
  const service = new CommandService(store, { usagePartRecords });
  try {
    for (const command of setUp) await service.execute(request(command));
    const answers: unknown[] = [];
    for (const [index, records] of batches.entries()) {
      const outcome = await service.execute(
        request(cmd.recordUsage(...records), {
          answer: (decision: Decision) => ({ ledger: decision.ledger as unknown as JsonValue }),
          idempotency: { scope: MANAGER_ID, key: `batch-${index}`, requestHash: `hash-${index}` },
        }),
      );
      answers.push(outcome.body);
    }
    const ledger = await service.read(MANAGER_ID, (view) => view.ledger as OpenLedger);
    const all = await store.readAll({ managerId: MANAGER_ID, limit: 10_000 });
    expect(verifyChain(all).ok).toBe(true);
    return { answers, log: all.map(({ streamId, type, data }) => ({ streamId, type, data })), ledger };
  } finally {
    await service.close();
  }
}

describe('CommandService deciding a large usage batch in parts', () => {
  let dir: string;
  let stores: EventStore[];
  const fileStore = (name: string): EventStore => {
    const store = createSqliteEventStore(join(dir, `${name}.sqlite`)); // a file: the writer thread takes the parts as they come
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'usage-in-parts-'));
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should store, answer and remember exactly what deciding each batch whole does', async () => {
    // The second batch repeats part of the first (never charged twice) and is decided on the state the first left.
    const batches = [batch(0, 1000), batch(600, 700), batch(1300, 150)];
    const whole = await run(fileStore('whole'), 0, batches);
    const parts = await run(fileStore('parts'), 100, batches);

    expect(parts.answers).toEqual(whole.answers);
    expect(parts.log).toEqual(whole.log);
    expect(parts.ledger).toEqual(whole.ledger);
    expect(ledgerInvariantViolations(parts.ledger)).toEqual([]);
    // The batches did exercise what parts must carry across: charges, refusals, top-ups and repeats.
    const types = new Set(whole.log.map((event) => (event.type === 'UsageRejected' ? `rejected:${(event.data as { reason: string }).reason}` : event.type)));
    for (const expected of ['UsageCharged', 'CreditAllocated', 'rejected:insufficient-credit', 'rejected:member-not-active', 'rejected:monthly-spend-limit-reached']) {
      expect(types).toContain(expected);
    }
    expect(whole.log.filter((event) => event.type === 'UsageCharged').length).toBeGreaterThan(100);
  });

  it('should append only the answer when every record was seen before, and charge the rest when only the first parts were', async () => {
    const store = fileStore('repeats');
    const service = new CommandService(store, { usagePartRecords: 100 });
    try {
      for (const command of setUp) await service.execute(request(command));
      await service.execute(request(cmd.recordUsage(...batch(0, 300))));
      const head = await store.headPosition();

      const repeated = await service.execute(request(cmd.recordUsage(...batch(0, 300))));
      expect(repeated.body).toEqual({ ledgerEvents: 0, position: head });
      expect(await store.headPosition()).toBe(head);
      const answered = await service.execute(
        request(cmd.recordUsage(...batch(0, 300)), { idempotency: { scope: MANAGER_ID, key: 'again', requestHash: 'h' } }),
      );
      expect((await store.readAll({ after: head })).map((event) => event.type)).toEqual(['CommandAnswered']);

      // The first 300 records are repeats (three empty parts), the last 200 are new.
      const mixed = await service.execute(request(cmd.recordUsage(...batch(0, 300), ...batch(10_000, 200))));
      const written = await store.readAll({ after: answered.position });
      expect(written.length).toBe(mixed.body.ledgerEvents);
      expect(new Set(written.map((event) => (event.data as { usageId?: string }).usageId).filter(Boolean)).size).toBe(
        new Set(batch(10_000, 200).map((record) => record.usageId)).size,
      );
    } finally {
      await service.close();
    }
  });
});

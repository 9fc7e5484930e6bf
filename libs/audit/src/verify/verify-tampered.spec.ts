import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, type EventStore, type NewEvent } from '@skype-manager/event-store';
import { writeRealisticLog } from '../test-support/realistic-log';
import { deleteEvent, editData, rechain, rows, swapPositions, withEventFile, type Row } from '../test-support/tamper';
import { verifyManager } from './verify-manager';
import type { VerifyOptions } from './verify-log';

/**
 * Tampering with the SQLite event file behind the store's back, the way someone with disk access
 * could, and expecting the verification to name the first broken position.
 */
describe('verifying a tampered log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-tamper-'));
  const base = join(dir, 'base.sqlite');
  let file: string;
  let store: EventStore | undefined;
  let caseNumber = 0;

  beforeAll(async () => {
    const writer = createSqliteEventStore(base);
    await writeRealisticLog(writer, 'mgr-a');
    await writeRealisticLog(writer, 'mgr-b');
    await writer.close();
  });
  beforeEach(() => {
    file = join(dir, `case-${++caseNumber}.sqlite`);
    copyFileSync(base, file);
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const verify = async (managerId = 'mgr-a', options: VerifyOptions = {}) => {
    store ??= createSqliteEventStore(file);
    return verifyManager(store, managerId, options);
  };
  const ledgerRows = (type: string): Row[] =>
    withEventFile(file, (db) => rows(db, 'stream_id = ? AND type = ?', 'ledger-mgr-a', type));
  const managerRows = (): Row[] => withEventFile(file, (db) => rows(db, 'manager_id = ?', 'mgr-a'));

  it('should name the position of an event whose amount was edited', async () => {
    const target = ledgerRows('CreditAllocated')[1];
    withEventFile(file, (db) => editData(db, target.position, (data) => (data.amountMinor = 4_999)));
    const report = await verify();
    expect(report).toMatchObject({ ok: false, hashChainIntact: false, firstBrokenPosition: target.position });
    expect(report.problems[0]).toEqual({ position: target.position, kind: 'hash-chain', detail: expect.stringContaining('edited') });
    expect(report.problems.filter((problem) => problem.kind === 'hash-chain')).toHaveLength(1);
  });

  it('should name the event after one that was deleted', async () => {
    const all = managerRows();
    const victim = all.findIndex((row) => row.type === 'CreditPurchased');
    withEventFile(file, (db) => deleteEvent(db, all[victim].position));
    const report = await verify();
    const next = all[victim + 1].position;
    expect(report).toMatchObject({ ok: false, hashChainIntact: false, firstBrokenPosition: next });
    expect(report.problems[0]).toMatchObject({ position: next, kind: 'hash-chain', detail: expect.stringContaining('missing') });
  });

  it('should name the first of two events whose places were swapped', async () => {
    const all = managerRows();
    const [a, b] = [all[10].position, all[14].position];
    withEventFile(file, (db) => swapPositions(db, a, b));
    const report = await verify();
    expect(report).toMatchObject({ ok: false, hashChainIntact: false, firstBrokenPosition: a });
    expect(report.problems[0]).toMatchObject({ position: a, kind: 'hash-chain' });
  });

  it("should notice that the last events of a Manager's chain were cut off, though the chain prefix holds", async () => {
    const all = managerRows();
    const lastLedger = all.filter((row) => row.stream_id === 'ledger-mgr-a').at(-1)!;
    const cut = all.filter((row) => row.position >= lastLedger.position).length;
    withEventFile(file, (db) => db.prepare('DELETE FROM events WHERE manager_id = ? AND position >= ?').run('mgr-a', lastLedger.position));
    const report = await verify();
    expect(report).toMatchObject({ ok: false, hashChainIntact: false, firstBrokenPosition: undefined });
    expect(report.problems).toEqual([
      {
        kind: 'hash-chain',
        detail: `Manager mgr-a: the store records its chain ending at chainSeq ${all.length}, but its events end at chainSeq ${all.length - cut} (events cut off the end of the chain, or the record rewritten)`,
      },
    ]);
  });

  it('should report a forged but correctly chained event that breaks a money rule', async () => {
    store = createSqliteEventStore(file);
    const forged = await store.append('ledger-mgr-a', 'any', [
      ledgerEvent('forged-1', 'CreditAllocated', {
        allocationId: 'forged',
        from: { type: 'company' },
        to: { type: 'member', memberId: 'mgr-a-m0' },
        amountMinor: 1_000_000_000,
        reason: 'manual',
      }),
    ]);
    const report = await verify();
    expect(report).toMatchObject({ ok: false, hashChainIntact: true, invariantsHold: false, firstBrokenPosition: forged.lastPosition });
    expect(report.problems).toEqual([
      { position: forged.lastPosition, kind: 'ledger-invariant', detail: expect.stringContaining('company pool is negative') },
    ]);
  });

  it('should catch an edited amount even when the forger recomputed the whole chain', async () => {
    const usage = ledgerRows('UsageCharged')[0];
    withEventFile(file, (db) => {
      editData(db, usage.position, (data) => (data.costMinor = 9_000_000));
      rechain(db, 'mgr-a', usage.position);
    });
    const report = await verify();
    expect(report).toMatchObject({ ok: false, hashChainIntact: true, invariantsHold: false, firstBrokenPosition: usage.position });
    expect(report.problems[0]).toEqual({
      position: usage.position,
      kind: 'ledger-invariant',
      detail: expect.stringContaining(`member ${JSON.parse(usage.data).memberId} balance is negative`),
    });
    // The Manager's other rules still hold, and a broken rule is reported once, not after every event.
    expect(report.problems.filter((problem) => problem.kind === 'ledger-invariant')).toHaveLength(1);
  });

  it('should report an event type the ledger does not know', async () => {
    store = createSqliteEventStore(file);
    const forged = await store.append('ledger-mgr-a', 'any', [ledgerEvent('forged-2', 'CreditMinted', { amountMinor: 5 })]);
    const report = await verify();
    expect(report.problems).toEqual([{ position: forged.lastPosition, kind: 'unreadable-event', detail: 'unknown ledger event type CreditMinted' }]);
  });

  it('should leave another Manager of the same log clean', async () => {
    const target = ledgerRows('CreditAllocated')[0];
    withEventFile(file, (db) => editData(db, target.position, (data) => (data.amountMinor = 1)));
    expect((await verify('mgr-b')).ok).toBe(true);
  });

  it('should find the same problems when the chain is checked in a worker thread', async () => {
    const all = managerRows();
    withEventFile(file, (db) => {
      editData(db, all[5].position, (data) => (data.name = 'edited'));
      deleteEvent(db, all[20].position);
    });
    const inThread = await verify('mgr-a', { pageSize: 4 });
    const parallel = await verify('mgr-a', {
      pageSize: 4,
      parallel: {
        sqliteFile: file,
        workerFile: join(__dirname, 'chain-worker.ts'),
        execArgv: ['--require', join(__dirname, '../../bench/register-ts.js')],
      },
    });
    expect(inThread.problemCount).toBeGreaterThanOrEqual(2);
    expect({ ...parallel, elapsedMs: 0 }).toEqual({ ...inThread, elapsedMs: 0 });
  });
});

function ledgerEvent(id: string, type: string, data: Record<string, unknown>): NewEvent {
  return {
    id,
    type,
    data: data as NewEvent['data'],
    metadata: {
      managerId: 'mgr-a',
      occurredAt: '2025-03-02T00:00:00.000Z',
      actor: 'administrator:forger',
      correlationId: id,
      causationId: id,
      schemaVersion: 1,
    },
  };
}

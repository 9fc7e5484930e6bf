import { createSqliteEventStore, type EventStore, type RecordedEvent } from '@skype-manager/event-store';
import { writeRealisticLog } from '../../../../libs/audit/src/test-support/realistic-log';
import { ProblemException } from '../http/problem';
import { parseLogPageQuery, parseStreamPageQuery } from './audit-query';
import { AuditService } from './audit.service';
import { balancesAsOfView } from './balances-as-of.view';

/** The status and field errors of a refused call. */
async function refusal(call: Promise<unknown> | (() => unknown)) {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    if (error instanceof ProblemException) return { status: error.problem.status, type: error.problem.type, errors: error.problem.errors };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('AuditService', () => {
  let store: EventStore;
  let audit: AuditService;
  let mine: RecordedEvent[];

  beforeAll(async () => {
    store = createSqliteEventStore(':memory:');
    await writeRealisticLog(store, 'mgr-a');
    await writeRealisticLog(store, 'mgr-b');
    audit = new AuditService(store);
    mine = (await store.readAll({ limit: 10_000, managerId: 'mgr-a' }));
  });
  afterAll(() => store.close());

  describe("the Manager's log", () => {
    it("should page through the Manager's events only, in log order, with `next` until the end", async () => {
      const seen: number[] = [];
      let after = 0;
      for (let pages = 0; ; pages++) {
        const page = await audit.logPage('mgr-a', parseLogPageQuery({ after: String(after), limit: '7' }));
        seen.push(...page.items.map((item) => item.position));
        expect(page.items.every((item) => item.metadata.managerId === 'mgr-a')).toBe(true);
        if (page.next === undefined) break;
        expect(page.items).toHaveLength(7);
        after = page.next;
        expect(pages).toBeLessThan(100);
      }
      expect(seen).toEqual(mine.map((event) => event.position));
    });

    it('should show each event as stored, chain fields included', async () => {
      const { items } = await audit.logPage('mgr-a', parseLogPageQuery({ limit: '1' }));
      const { id, streamId, revision, position, type, data, metadata } = mine[0];
      expect(items).toEqual([{ id, streamId, revision, position, type, data, metadata }]);
      expect(items[0].metadata).toMatchObject({ chainSeq: 1, prevHash: '', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    });

    it('should filter by type and by stream', async () => {
      const purchases = await audit.logPage('mgr-a', parseLogPageQuery({ type: 'CreditPurchased' }));
      expect(purchases.items.map((item) => item.type)).toEqual(['CreditPurchased']);
      expect(purchases.next).toBeUndefined();
      const ledger = await audit.logPage('mgr-a', parseLogPageQuery({ streamId: 'ledger-mgr-a', limit: '3' }));
      expect(ledger.items.map((item) => item.revision)).toEqual([0, 1, 2]);
      const rest = await audit.logPage('mgr-a', parseLogPageQuery({ streamId: 'ledger-mgr-a', after: String(ledger.next), limit: '1000' }));
      expect(rest.items[0].revision).toBe(3);
      expect(rest.items.length + 3).toBe(mine.filter((event) => event.streamId === 'ledger-mgr-a').length);
      expect((await audit.logPage('mgr-a', parseLogPageQuery({ streamId: 'ledger-mgr-b' }))).items).toEqual([]);
    });

    it('should refuse a malformed or unknown query parameter with a 400 naming it', async () => {
      expect(parseLogPageQuery({})).toEqual({ after: 0, limit: 100 });
      expect(await refusal(() => parseLogPageQuery({ limit: '1001' }))).toMatchObject({ status: 400, errors: [{ field: 'limit' }] });
      expect(await refusal(() => parseLogPageQuery({ limit: '0', after: '-1' }))).toMatchObject({
        errors: [{ field: 'limit' }, { field: 'after' }].sort((a, b) => (a.field < b.field ? -1 : 1)),
      });
      expect(await refusal(() => parseLogPageQuery({ after: '1.5' }))).toMatchObject({ errors: [{ field: 'after' }] });
      expect(await refusal(() => parseLogPageQuery({ sort: 'desc' }))).toMatchObject({ errors: [{ field: 'sort' }] });
      expect(await refusal(() => parseStreamPageQuery({ limit: ['1', '2'] }))).toMatchObject({ errors: [{ field: 'limit' }] });
    });
  });

  describe("a stream's history", () => {
    it('should page a stream of the Manager by revision', async () => {
      const first = await audit.streamPage('mgr-a', 'ledger-mgr-a', parseStreamPageQuery({ limit: '2' }));
      expect(first.items.map((item) => item.revision)).toEqual([0, 1]);
      expect(first.next).toBe(1);
      const second = await audit.streamPage('mgr-a', 'ledger-mgr-a', parseStreamPageQuery({ after: '1', limit: '2' }));
      expect(second.items.map((item) => item.revision)).toEqual([2, 3]);
      const all = await audit.streamPage('mgr-a', 'manager-mgr-a', parseStreamPageQuery({}));
      expect(all.next).toBeUndefined();
      expect(all.items.map((item) => item.type)).toContain('ManagerSetUp');
    });

    it("should answer 404 for another Manager's stream exactly as for a missing one", async () => {
      expect(await refusal(audit.streamPage('mgr-a', 'ledger-mgr-b', parseStreamPageQuery({})))).toMatchObject({ status: 404 });
      expect(await refusal(audit.streamPage('mgr-a', 'ledger-nobody', parseStreamPageQuery({})))).toMatchObject({ status: 404 });
      expect(await refusal(audit.streamPage('mgr-a', 'account-skype.mgr-b-m0', parseStreamPageQuery({})))).toMatchObject({ status: 404 });
    });

    it("should show only the Manager's own events of a shared account-name stream", async () => {
      const page = await audit.streamPage('mgr-a', 'account-skype.mgr-a-m0', parseStreamPageQuery({}));
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.every((item) => item.metadata.managerId === 'mgr-a')).toBe(true);
    });
  });

  describe('verification', () => {
    it('should verify the Manager and share one run between concurrent requests', async () => {
      const [one, two] = [audit.verify('mgr-a'), audit.verify('mgr-a')];
      expect(one).toBe(two);
      expect(await one).toMatchObject({ ok: true, eventsChecked: mine.length, hashChainIntact: true, readModelsMatch: null, problems: [] });
      // Once finished, a new request runs a new verification.
      const again = audit.verify('mgr-a');
      expect(again).not.toBe(one);
      await again;
    });

    it('should compare read models when a replay is provided', async () => {
      const withReplay = new AuditService(store, async () => ({
        apply: async () => undefined,
        compare: async () => [],
        close: async () => undefined,
      }));
      expect(await withReplay.verify('mgr-b')).toMatchObject({ ok: true, readModelsMatch: true });
    });
  });

  describe('balances as of an instant', () => {
    it('should give the balances as they were, in the shape of the live balances', async () => {
      const view = await balancesAsOfView(store, 'mgr-a', '2100-01-01T00:00:00Z');
      expect(view).toMatchObject({ asOf: '2100-01-01T00:00:00.000Z', currency: 'EUR', position: expect.any(Number) });
      expect(view.company.availableMinor).toBeGreaterThan(0);
      expect(view.members.map((member) => member.memberId)).toEqual(['mgr-a-m0', 'mgr-a-m1', 'mgr-a-m2']);
      expect(Object.keys(view).sort()).toEqual(['asOf', 'company', 'currency', 'departments', 'members', 'position']);
    });

    it('should answer zero balances before the ledger opened, 404 for an unknown Manager, 400 for a bad instant', async () => {
      expect(await balancesAsOfView(store, 'mgr-a', '2000-01-01T00:00:00Z')).toEqual({
        asOf: '2000-01-01T00:00:00.000Z',
        currency: 'EUR',
        company: { availableMinor: 0 },
        departments: [],
        members: [],
        position: 0,
      });
      expect(await refusal(balancesAsOfView(store, 'nobody', '2030-01-01T00:00:00Z'))).toMatchObject({ status: 404 });
      expect(await refusal(balancesAsOfView(store, 'mgr-a', 'last tuesday'))).toMatchObject({ status: 400, errors: [{ field: 'asOf' }] });
    });
  });
});

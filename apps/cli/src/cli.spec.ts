import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { balancesAsOf } from '@skype-manager/audit';
import { createSqliteEventStore, type EventStore } from '@skype-manager/event-store';
import { ALL_PROJECTIONS, ReadModels } from '@skype-manager/projections';
import { SqliteReadStore } from '@skype-manager/read-store';
import { writeRealisticLog } from '../../../libs/audit/src/test-support/realistic-log';
import { editData, rows, withEventFile } from '../../../libs/audit/src/test-support/tamper';
import { run } from './cli';
import type { CliIo } from './cli-io';
import type { ReadSide } from './read-side';

/** Runs the CLI in-process, in `cwd`, and keeps what it printed. */
async function cli(cwd: string, argv: string[], readSide?: ReadSide) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: async (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    env: {},
    cwd,
  };
  const code = await run(argv, io, readSide);
  return { code, stdout, stderr };
}

async function withStore<T>(dataDir: string, use: (store: EventStore) => Promise<T>): Promise<T> {
  const store = createSqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('skype-manager CLI', () => {
  const root = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  const data = join(root, 'data');
  let head = 0;
  let sequence = 0;
  const freshDir = (): string => join(root, `case-${++sequence}`);
  const copyOfData = (): string => {
    const dir = freshDir();
    mkdirSync(dir);
    copyFileSync(join(data, 'events.sqlite'), join(dir, 'events.sqlite'));
    return dir;
  };

  beforeAll(async () => {
    mkdirSync(data);
    head = await withStore(data, async (store) => {
      await writeRealisticLog(store, 'mgr-a');
      await writeRealisticLog(store, 'mgr-b', { members: 2 });
      return store.headPosition();
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('stats', () => {
    it('should count events, streams, Managers and types, and give the file sizes', async () => {
      const { code, stdout } = await cli(root, ['--data-dir', 'data', '--json', '--quiet', 'stats']);
      expect(code).toBe(0);
      const stats = JSON.parse(stdout);
      expect(stats).toMatchObject({ events: head, headPosition: head, managers: 2 });
      expect(stats.byType.CreditPurchased).toBe(2);
      expect(stats.byType.ManagerSetUp).toBe(2);
      expect(stats.fileSizes['events.sqlite']).toBeGreaterThan(0);
    });

    it('should print a readable summary, taking the data folder from DATA_DIR', async () => {
      let stdout = '';
      const code = await run(['stats'], { out: async (t) => void (stdout += t), err: () => undefined, env: { DATA_DIR: data }, cwd: '/' });
      expect(code).toBe(0);
      expect(stdout).toContain(`events:         ${head} (head position ${head})`);
      expect(stdout).toMatch(/CreditPurchased\s+2/);
    });
  });

  describe('verify', () => {
    it('should pass an untouched log, whole or one Manager', async () => {
      const whole = await cli(root, ['--data-dir', 'data', 'verify']);
      expect(whole).toMatchObject({ code: 0 });
      expect(whole.stdout).toContain(`OK: ${head} events of 2 Managers checked`);
      const one = await cli(root, ['--data-dir', 'data', '--json', 'verify', '--manager', 'mgr-b']);
      expect(one.code).toBe(0);
      expect(JSON.parse(one.stdout)).toMatchObject({ ok: true, managerId: 'mgr-b', hashChainIntact: true, readModelsMatch: null });
    });

    it('should exit 1 and name the first broken position of a tampered log', async () => {
      const dir = copyOfData();
      const target = withEventFile(join(dir, 'events.sqlite'), (db) => {
        const [purchase] = rows(db, "type = 'CreditPurchased' AND manager_id = 'mgr-b'");
        editData(db, purchase.position, (d) => (d.amountMinor = 1));
        return purchase.position;
      });
      const { code, stdout } = await cli(root, ['--data-dir', dir, 'verify']);
      expect(code).toBe(1);
      expect(stdout).toContain('PROBLEMS FOUND');
      expect(stdout).toContain(`first broken position: ${target}`);
      expect(stdout).toMatch(new RegExp(`${target}\\thash-chain\\t`));
      // The other Manager on its own is clean.
      expect((await cli(root, ['--data-dir', dir, 'verify', '--manager', 'mgr-a'])).code).toBe(0);
      // Small pages: the same finding, the break being in the middle of the log.
      const paged = await cli(root, ['--data-dir', dir, '--json', 'verify', '--page-size', '3']);
      expect(paged.code).toBe(1);
      expect(JSON.parse(paged.stdout)).toMatchObject({ firstBrokenPosition: target, eventsChecked: head });
    });

    it('should refuse a Manager with no events and a folder with no log', async () => {
      const unknown = await cli(root, ['--data-dir', 'data', 'verify', '--manager', 'nobody']);
      expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('no events of Manager nobody') });
      const missing = await cli(root, ['--data-dir', 'nowhere', 'verify']);
      expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('no event log at') });
      expect(existsSync(join(root, 'nowhere'))).toBe(false);
    });

    it('should report what the read-model replay finds when there are live read models', async () => {
      const dir = copyOfData();
      await new SqliteReadStore({ path: join(dir, 'read.sqlite') }).close();
      const readSide: ReadSide = {
        replayFactory: () => async () => ({
          apply: async () => undefined,
          compare: async () => [{ detail: 'balances.accounts/mgr-a:member:mgr-a-m0 differs' }],
          close: async () => undefined,
        }),
      };
      const { code, stdout } = await cli(root, ['--data-dir', dir, '--json', 'verify', '--manager', 'mgr-a'], readSide);
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toMatchObject({ readModelsMatch: false, problems: [{ kind: 'read-model-mismatch' }] });
      const skipped = await cli(root, ['--data-dir', dir, '--json', 'verify', '--manager', 'mgr-a', '--skip-read-models'], readSide);
      expect(JSON.parse(skipped.stdout)).toMatchObject({ ok: true, readModelsMatch: null });
    });
  });

  describe('replay, then verify against the real read models', () => {
    it('should rebuild the read models, find them equal to the log, and name a document edited behind its back', async () => {
      const dir = copyOfData();
      const replayed = await cli(root, ['--data-dir', dir, 'replay']);
      expect(replayed).toMatchObject({ code: 0, stdout: expect.stringContaining('read models rebuilt') });
      const clean = await cli(root, ['--data-dir', dir, '--json', 'verify', '--manager', 'mgr-a']);
      expect(JSON.parse(clean.stdout)).toMatchObject({ ok: true, readModelsMatch: true });
      const live = new SqliteReadStore({ path: join(dir, 'read.sqlite') });
      const accounts = await new ReadModels(live, ALL_PROJECTIONS).collection('balances', 'accounts');
      const account = (await live.get(accounts, 'mgr-a:member:mgr-a-m1'))!;
      await live.transaction({ writes: [{ kind: 'put', collection: accounts, document: { ...account, availableMinor: 1_000_000 } }] });
      await live.close();
      const tampered = await cli(root, ['--data-dir', dir, '--json', 'verify', '--manager', 'mgr-a']);
      expect(tampered.code).toBe(1);
      expect(JSON.parse(tampered.stdout)).toMatchObject({
        hashChainIntact: true,
        readModelsMatch: false,
        problems: [{ kind: 'read-model-mismatch', detail: expect.stringContaining('balances.accounts/mgr-a:member:mgr-a-m1: availableMinor is 1000000 live') }],
      });
      // The other Manager's read models are untouched.
      expect((await cli(root, ['--data-dir', dir, 'verify', '--manager', 'mgr-b'])).code).toBe(0);
    });
  });

  describe('export and import', () => {
    it('should round-trip the log: same events, same chain, same balances', async () => {
      const file = join(root, 'round-trip.ndjson');
      const exported = await cli(root, ['--data-dir', 'data', 'export', '--out', 'round-trip.ndjson']);
      expect(exported).toMatchObject({ code: 0, stderr: expect.stringContaining(`exported ${head} events`) });
      const target = freshDir();
      const imported = await cli(root, ['--data-dir', target, 'import', '--in', file]);
      expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining(`imported ${head} events`) });
      expect(imported.stdout).toContain('positions preserved');
      expect((await cli(root, ['--data-dir', target, 'verify'])).code).toBe(0);
      const [before, after] = await Promise.all(
        [data, target].map((dir) =>
          withStore(dir, async (store) => ({
            events: await store.readAll({ limit: 10_000 }),
            balances: await balancesAsOf(store, 'mgr-a', '2100-01-01T00:00:00Z'),
          })),
        ),
      );
      expect(after.events).toEqual(before.events);
      expect(after.balances).toEqual(before.balances);
      expect(after.balances?.company.availableMinor).toBeGreaterThan(0);
    });

    it('should write NDJSON to stdout without --out', async () => {
      const { code, stdout } = await cli(root, ['--data-dir', 'data', 'export', '--manager', 'mgr-a']);
      expect(code).toBe(0);
      const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
      expect(lines[0]).toMatchObject({ format: 'skype-manager/event-log', managerId: 'mgr-a' });
      expect(lines.slice(1, -1).every((event) => event.metadata.managerId === 'mgr-a')).toBe(true);
      expect(lines.at(-1)).toEqual({ end: true, events: lines.length - 2, lastPosition: lines.at(-2).position });
    });

    it('should never overwrite a file, and refuse to import into a store that holds events', async () => {
      await cli(root, ['--data-dir', 'data', 'export', '--out', 'once.ndjson']);
      const again = await cli(root, ['--data-dir', 'data', 'export', '--out', 'once.ndjson']);
      expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') });
      const into = await cli(root, ['--data-dir', 'data', 'import', '--in', 'once.ndjson']);
      expect(into).toMatchObject({ code: 1, stderr: expect.stringContaining('not empty') });
    });

    it('should refuse a damaged export and leave the store empty', async () => {
      const text = readFileSync(join(root, 'round-trip.ndjson'), 'utf8').replace('"amountMinor":100000', '"amountMinor":100001');
      const damaged = join(root, 'damaged.ndjson');
      writeFileSync(damaged, text);
      const target = freshDir();
      const { code, stderr } = await cli(root, ['--data-dir', target, 'import', '--in', damaged]);
      expect(code).toBe(1);
      expect(stderr).toContain('hash does not match');
      expect(await withStore(target, (store) => store.headPosition())).toBe(0);
    });
  });

  describe('replay', () => {
    it('should say plainly when no rebuild is configured', async () => {
      const { code, stderr } = await cli(root, ['--data-dir', 'data', 'replay'], {});
      expect(code).toBe(2);
      expect(stderr).toContain('replay is not available');
    });

    it("should run the read side's rebuild with the log and the read store", async () => {
      const calls: number[] = [];
      const readSide: ReadSide = {
        rebuild: async (store, live, onProgress) => {
          calls.push(await store.headPosition());
          await live.ensureCollections([]);
          onProgress(head, head);
        },
      };
      const dir = copyOfData();
      const { code, stdout } = await cli(root, ['--data-dir', dir, 'replay'], readSide);
      expect(code).toBe(0);
      expect(calls).toEqual([head]);
      expect(stdout).toContain('read models rebuilt');
      expect(existsSync(join(dir, 'read.sqlite'))).toBe(true);
    });
  });

  it('should print help with exit 0, and exit 2 on an unknown command or a bad option', async () => {
    expect((await cli(root, ['--help'])).code).toBe(0);
    expect((await cli(root, ['frobnicate'])).code).toBe(2);
    expect((await cli(root, ['verify', '--max-problems', 'none'])).code).toBe(2);
    expect((await cli(root, ['verify', '--page-size', '20000'])).stderr).toContain('expected at most 10000');
    expect((await cli(root, ['import'])).stderr).toContain("required option '--in <file>'");
  });
});

import { createSqliteEventStore, type EventStore, type RecordedEvent } from '@skype-manager/event-store';
import { writeRealisticLog } from '../test-support/realistic-log';
import { exportLog } from './export-log';
import { importLog, ImportRefusedError } from './import-log';
import { logStats } from './log-stats';

async function exportLines(store: EventStore, pageSize = 4): Promise<string[]> {
  let text = '';
  await exportLog(store, async (chunk) => void (text += chunk), { pageSize, now: () => new Date('2025-04-01T00:00:00Z') });
  return text.trimEnd().split('\n');
}

const linesOf = (lines: string[]) => () =>
  (async function* () {
    yield* lines;
  })();

async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  return store.readAll({ limit: 10_000 });
}

describe('exporting and importing the log', () => {
  let source: EventStore;
  let lines: string[];

  beforeAll(async () => {
    source = createSqliteEventStore(':memory:');
    await writeRealisticLog(source, 'mgr-a');
    await writeRealisticLog(source, 'mgr-b', { members: 2 });
    lines = await exportLines(source);
  });
  afterAll(() => source.close());

  it('should write a header, every event in log order, and a trailer that counts them', async () => {
    const head = await source.headPosition();
    expect(JSON.parse(lines[0])).toEqual({ format: 'skype-manager/event-log', version: 1, exportedAt: '2025-04-01T00:00:00.000Z', headPosition: head });
    expect(lines.slice(1, -1).map((line) => JSON.parse(line))).toEqual(await allEvents(source));
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ end: true, events: head, lastPosition: head });
  });

  it('should restore the same events, chain included, into an empty store', async () => {
    const target = createSqliteEventStore(':memory:');
    const report = await importLog(target, linesOf(lines), { batchEvents: 7 });
    expect(report).toMatchObject({ events: lines.length - 2, managers: 2, positionsPreserved: true });
    expect(report.verification.ok).toBe(true);
    expect(await allEvents(target)).toEqual(await allEvents(source));
    expect(await logStats(target)).toEqual(await logStats(source));
    await target.close();
  });

  it('should refuse a store that already holds events', async () => {
    await expect(importLog(source, linesOf(lines))).rejects.toThrow(/not empty/);
  });

  const refusals: Array<[string, (lines: string[]) => string[], RegExp]> = [
    ['cut short', (all) => all.slice(0, 20), /no trailer: it was cut short/],
    ['missing its header', (all) => all.slice(1), /does not start with an export header/],
    ['with an edited event', (all) => all.map((line) => line.replace('"amountMinor":100000', '"amountMinor":900000')), /hash does not match/],
    ['with a line that is not JSON', (all) => [...all.slice(0, 5), '{"id": oops', ...all.slice(5)], /line 6: /],
    ['with an event removed (trailer count)', (all) => [...all.slice(0, 30), ...all.slice(31)], /trailer announces/],
  ];
  it.each(refusals)('should refuse an export %s and write nothing', async (_, damage, reason) => {
    const damaged = damage(lines);
    expect(damaged).not.toEqual(lines);
    const target = createSqliteEventStore(':memory:');
    const refused = await importLog(target, linesOf(damaged)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect((refused as Error).message).toMatch(reason);
    expect(await target.headPosition()).toBe(0);
    await target.close();
  });
});

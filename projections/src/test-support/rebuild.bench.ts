import type { EventStore } from '@skype-manager/event-store';
import { SqliteReadStore } from '@skype-manager/read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../all-projections';
import { DEFAULT_BATCH_SIZE, Projector } from '../runtime/projector';
import { GeneratedEventStore } from './generated-event-store';

/**
 * Rebuild benchmark: every projection from position 0 over a generated history (default 1,000,000
 * events, 20 Managers × 500 members, a year of usage: the shape of bench part 4) into a SQLite read store file.
 * Run: BENCH_EVENTS=1000000 npx jest --testMatch '**\/rebuild.bench.ts' projections
 * Target: ≥ 100,000 events/s and ≤ 500 MB resident. On a shared, busy machine wall time says little:
 * the CPU time (user + system) of the process is reported too.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? DEFAULT_BATCH_SIZE);

it(`rebuilds ${EVENTS} events`, async () => {
  const directory = mkdtempSync(join(tmpdir(), 'projector-bench-'));
  const readStore = new SqliteReadStore({ path: join(directory, 'read.sqlite') });
  const eventStore = new GeneratedEventStore({
    managers: 20,
    membersPerManager: 500,
    departmentsPerManager: 10,
    events: EVENTS,
  });
  let commits = 0;
  let documentsWritten = 0;
  const transaction = readStore.transaction.bind(readStore);
  readStore.transaction = async (unit) => {
    commits += 1;
    documentsWritten += unit.writes.length;
    return transaction(unit);
  };
  const projector = new Projector({
    eventStore: eventStore as unknown as EventStore,
    readStore,
    projections: ALL_PROJECTIONS,
    batchSize: BATCH_SIZE,
    ...(process.env.BENCH_COMMIT_EVENTS ? { commitEvents: Number(process.env.BENCH_COMMIT_EVENTS) } : {}),
  });
  let peakRssBytes = 0;
  const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)), 100);
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  await projector.start();
  while (!(await projector.waitForPosition(EVENTS, 30_000))) {
    // Keeps waiting: each wait is bounded.
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  await projector.stop();
  const documents = await readStore.count('spend_v1_months');
  await readStore.close();
  rmSync(directory, { recursive: true, force: true });
  const line = `rebuild: ${EVENTS} events in ${seconds.toFixed(1)} s = ${Math.round(EVENTS / seconds)} events/s, CPU ${cpuSeconds.toFixed(1)} s = ${Math.round(EVENTS / cpuSeconds)} events per CPU-second, peak RSS ${Math.round(peakRssBytes / 2 ** 20)} MB (batch ${BATCH_SIZE}, ${commits} commits, ${documentsWritten} document writes, ${documents} spend month documents)`;
  process.stdout.write(`${line}\n`);
}, 600_000);

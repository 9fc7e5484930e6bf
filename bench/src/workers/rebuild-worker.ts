/**
 * Part 4 worker: rebuilds every read model from position 0 with the projections package's projector
 * (`new Projector({...}).start()` on an empty read store builds every projection's generation from
 * zero; `whenAllServing()` resolves when they have caught up with the log), in a fresh process whose
 * peak RSS (getrusage maxRSS) is reported. argv: <logFile> <readStoreFile> <maxSeconds>
 */
import { createSqliteEventStore } from '@skype-manager/event-store';
import { SqliteReadStore } from '@skype-manager/read-store';
import { findExport } from '../lib/product-modules';
import { reportToParent } from '../lib/processes';
import { elapsedMs } from '../lib/stats';

export interface RebuildMeasure {
  available: boolean;
  why?: string;
  from?: string;
  events?: number;
  seconds?: number;
  eventsPerSecond?: number;
  maxRssMb?: number;
  rssBeforeMb?: number;
  projections?: string[];
}

interface ProjectorLike {
  start(): Promise<void>;
  whenAllServing(): Promise<void>;
  waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
  readonly failed: Error | undefined;
}
type ProjectorClass = new (options: object) => ProjectorLike;

reportToParent(async (): Promise<RebuildMeasure> => {
  const projector = findExport<ProjectorClass>('Projector', '@skype-manager/projections', ['dist/projections/src/runtime/projector.js']);
  const all = findExport<ReadonlyArray<{ name: string }>>('ALL_PROJECTIONS', '@skype-manager/projections', ['dist/projections/src/all-projections.js']);
  if (!projector || !all) return { available: false, why: 'no Projector / ALL_PROJECTIONS in the projections package or its build' };
  const eventStore = createSqliteEventStore({ filename: process.argv[2] });
  const readStore = new SqliteReadStore({ path: process.argv[3] });
  const events = await eventStore.headPosition();
  const rssBeforeMb = process.memoryUsage.rss() / 1024 / 1024;
  const instance = new projector.module({ eventStore, readStore, projections: all.module });
  const start = process.hrtime.bigint();
  await instance.start();
  await instance.whenAllServing();
  // Fresh projections serve at once and catch up in the background: wait until they reach the head.
  const caughtUp = await instance.waitForPosition(events, Number(process.argv[4] ?? 600) * 1000);
  const seconds = elapsedMs(start) / 1000;
  if (instance.failed) throw instance.failed;
  if (!caughtUp) throw new Error(`the read models had not reached position ${events} after ${seconds.toFixed(0)} s`);
  await instance.stop();
  await eventStore.close();
  return {
    available: true,
    from: `${projector.from}; ${all.from}`,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb,
    projections: all.module.map((p) => p.name),
  };
});

/**
 * Part 6 worker: the spend report query (`getSpendReport` of the projections package) at each level —
 * group, department, employee — over a year of daily data, timed call by call.
 * The read models it reads (managers, spend) are first built from the log by the package's projector
 * (not timed, bounded). argv: <logFile> <readStoreFile> <fixtureJsonFile> <queriesPerLevel> <maxBuildSeconds>
 */
import { readFileSync } from 'node:fs';
import { createSqliteEventStore } from '@skype-manager/event-store';
import { SqliteReadStore } from '@skype-manager/read-store';
import { findExport } from '../lib/product-modules';
import { reportToParent } from '../lib/processes';
import { Prng } from '../lib/prng';
import { elapsedMs, percentile } from '../lib/stats';

export interface SpendMeasure {
  available: boolean;
  why?: string;
  from?: string;
  buildSeconds?: number;
  levels?: Array<{ level: string; queries: number; p50Ms: number; p99Ms: number; maxMs: number; periods: number; totalMinor: number }>;
}

interface Fixture {
  managers: Array<{ managerId: string; departmentIds: string[]; memberIds: string[] }>;
  firstDay: string;
  lastDay: string;
}
interface ProjectorLike {
  start(): Promise<void>;
  waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
  readonly failed: Error | undefined;
}
type GetSpendReport = (readModels: unknown, managerId: string, query: object) => Promise<{ series: unknown[]; totalMinor: number } | undefined>;

reportToParent(async (): Promise<SpendMeasure> => {
  const [logFile, readFile, fixtureFile, queriesArg, maxBuildArg] = process.argv.slice(2);
  const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8')) as Fixture;
  const projections = ['dist/projections/src/runtime/projector.js'];
  const Projector = findExport<new (o: object) => ProjectorLike>('Projector', '@skype-manager/projections', projections);
  const ReadModels = findExport<new (store: unknown, projections: unknown[]) => unknown>('ReadModels', '@skype-manager/projections', ['dist/projections/src/runtime/generations.js']);
  const managers = findExport<unknown>('managersProjection', '@skype-manager/projections', ['dist/projections/src/managers/managers.projection.js']);
  const spend = findExport<unknown>('spendProjection', '@skype-manager/projections', ['dist/projections/src/spend/spend.projection.js']);
  const getSpendReport = findExport<GetSpendReport>('getSpendReport', '@skype-manager/projections', ['dist/projections/src/queries/spend-report.query.js']);
  if (!Projector || !ReadModels || !managers || !spend || !getSpendReport) {
    return { available: false, why: 'the projections package has no Projector, ReadModels, spend projection or getSpendReport yet' };
  }
  const eventStore = createSqliteEventStore({ filename: logFile });
  const readStore = new SqliteReadStore({ path: readFile });
  const list = [managers.module, spend.module];
  const projector = new Projector.module({ eventStore, readStore, projections: list });
  const buildStart = process.hrtime.bigint();
  await projector.start();
  const head = await eventStore.headPosition();
  const built = await projector.waitForPosition(head, Number(maxBuildArg) * 1000);
  const buildSeconds = elapsedMs(buildStart) / 1000;
  if (projector.failed) throw projector.failed;
  await projector.stop();
  if (!built) return { available: false, why: `building the read models took more than ${maxBuildArg} s (see part 4)`, buildSeconds };
  const readModels = new ReadModels.module(readStore, list);
  const { managerId, departmentIds, memberIds } = fixture.managers[0];
  const prng = new Prng(0x5be9d);
  const levels = [
    { level: 'group', ids: [managerId] },
    { level: 'department', ids: departmentIds },
    { level: 'employee', ids: memberIds },
  ];
  const results: NonNullable<SpendMeasure['levels']> = [];
  for (const { level, ids } of levels) {
    const samples: number[] = [];
    let periods = 0;
    let totalMinor = 0;
    for (let q = 0; q < Number(queriesArg); q++) {
      const id = ids[prng.int(ids.length)];
      const t0 = process.hrtime.bigint();
      const report = await getSpendReport.module(readModels, managerId, { level, id, from: fixture.firstDay, to: fixture.lastDay, granularity: 'day' });
      samples.push(elapsedMs(t0));
      if (!report) throw new Error(`no spend report for ${level} ${id}`);
      periods = report.series.length;
      totalMinor = report.totalMinor;
    }
    results.push({ level, queries: samples.length, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), maxMs: Math.max(...samples), periods, totalMinor });
  }
  await eventStore.close();
  return { available: true, from: `${getSpendReport.from}; ${Projector.from}`, buildSeconds, levels: results };
});

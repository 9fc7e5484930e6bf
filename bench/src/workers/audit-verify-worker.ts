/**
 * Part 5 worker: `verifyLog` of libs/audit over the whole log (hash chain, stream revisions, ledger
 * invariants), timed in a fresh process. argv: <logFile>
 */
import { createSqliteEventStore, type EventStore } from '@skype-manager/event-store';
import { findExport } from '../lib/product-modules';
import { reportToParent } from '../lib/processes';
import { elapsedMs } from '../lib/stats';

export interface VerifyMeasure {
  available: boolean;
  from?: string;
  seconds?: number;
  eventsChecked?: number;
  ok?: boolean;
  problemCount?: number;
  firstProblem?: string;
  maxRssMb?: number;
}

type VerifyLog = (store: EventStore, scope: { managerId?: string }, options?: object) => Promise<{
  ok: boolean;
  eventsChecked: number;
  problemCount: number;
  problems: Array<{ kind: string; message?: string; detail?: string }>;
}>;

reportToParent(async (): Promise<VerifyMeasure> => {
  const found = findExport<VerifyLog>('verifyLog', '@skype-manager/audit', ['dist/libs/audit/src/verify/verify-log.js']);
  if (!found) return { available: false };
  const store = createSqliteEventStore({ filename: process.argv[2] });
  const start = process.hrtime.bigint();
  const report = await found.module(store, {});
  const seconds = elapsedMs(start) / 1000;
  await store.close();
  return {
    available: true,
    from: found.from,
    seconds,
    eventsChecked: report.eventsChecked,
    ok: report.ok,
    problemCount: report.problemCount,
    firstProblem: report.problems[0] ? JSON.stringify(report.problems[0]).slice(0, 300) : undefined,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
});

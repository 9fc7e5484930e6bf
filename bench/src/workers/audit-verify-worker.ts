/**
 * Part 5 worker: what an auditor runs — the CLI's `verify` (apps/cli `run`, the same `verifyLog` the
 * HTTP `POST …/audit/verify` uses), in-process, in a fresh process, timed from the call to the answer.
 * The CLI's module load is timed apart (a fixed cost, not a per-event one).
 * argv: <dataDir> <task>, task = `replay` (build the live read models the comparison needs, in
 * <dataDir>/read.sqlite), `log` (`verify --skip-read-models`) or `full` (`verify`, read models compared).
 */
import { findExport } from '../lib/product-modules';
import { reportToParent } from '../lib/processes';
import { elapsedMs } from '../lib/stats';

export type VerifyTask = 'replay' | 'log' | 'full';

export interface VerifyMeasure {
  available: boolean;
  from?: string;
  task?: VerifyTask;
  /** Wall time of the command (`run(argv)`), module load excluded. */
  seconds?: number;
  /** CPU time of the process (all threads) during the command. */
  cpuSeconds?: number;
  /** Loading the CLI and everything it imports. */
  loadSeconds?: number;
  eventsChecked?: number;
  ledgerEventsChecked?: number;
  readModelsMatch?: boolean | null;
  ok?: boolean;
  problemCount?: number;
  firstProblem?: string;
  exitCode?: number;
  maxRssMb?: number;
}

type Run = (argv: readonly string[], io: object) => Promise<number>;

interface CliReport {
  ok: boolean;
  eventsChecked: number;
  ledgerEventsChecked: number;
  readModelsMatch: boolean | null;
  problemCount: number;
  problems: Array<{ position?: number; kind: string; detail: string }>;
}

reportToParent(async (): Promise<VerifyMeasure> => {
  const [dataDir, task] = process.argv.slice(2) as [string, VerifyTask];
  const loadStart = process.hrtime.bigint();
  const found = findExport<Run>('run', '@skype-manager/cli', ['dist/apps/cli/src/cli.js']);
  const loadSeconds = elapsedMs(loadStart) / 1000;
  if (!found) return { available: false };
  let out = '';
  let err = '';
  const io = {
    out: async (text: string) => void (out += text),
    err: (text: string) => void (err += text),
    env: {},
    cwd: process.cwd(),
  };
  const argv =
    task === 'replay'
      ? ['--data-dir', dataDir, '--quiet', 'replay']
      : ['--data-dir', dataDir, '--json', '--quiet', 'verify', ...(task === 'log' ? ['--skip-read-models'] : [])];
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const exitCode = await found.module(argv, io);
  const seconds = elapsedMs(start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const measure: VerifyMeasure = {
    available: true,
    from: found.from,
    task,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadSeconds,
    exitCode,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  if (task === 'replay') {
    if (exitCode !== 0) throw new Error(`replay failed (exit ${exitCode}): ${err.slice(0, 500)}`);
    return measure;
  }
  if (exitCode === 2) throw new Error(`verify could not run (exit 2): ${err.slice(0, 500)}`);
  const report = JSON.parse(out) as CliReport;
  return {
    ...measure,
    eventsChecked: report.eventsChecked,
    ledgerEventsChecked: report.ledgerEventsChecked,
    readModelsMatch: report.readModelsMatch,
    ok: report.ok,
    problemCount: report.problemCount,
    firstProblem: report.problems[0] ? JSON.stringify(report.problems[0]).slice(0, 300) : undefined,
  };
});

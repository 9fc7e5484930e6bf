import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PAGE_SIZE, REPLAY_PAGE_SIZE, verifyLog, type LogVerifyReport } from '@skype-manager/audit';
import { CliError, EXIT, type CliIo } from '../cli-io';
import { startProgress } from '../progress';
import { canReplayInWorker, workerReadModelReplay } from '../read-model-thread';
import { READ_SIDE, type ReadSide } from '../read-side';
import { describeEventStore, EVENT_LOG_FILE, openEventStore, openReadStore, READ_MODELS_FILE, type Locations } from '../stores';

export interface VerifyCommandOptions {
  manager?: string;
  /**
   * 1 (default): everything in this thread; 2: the read-model replay in a worker thread; 3: the hash
   * chain in another worker too (SQLite log only). Workers exist in the compiled build only. A worker
   * reads the log again, so it pays only with a core to spare: on the shared 2-core machines this was
   * measured on, one thread was faster (see libs/audit/README.md).
   */
  threads?: number;
  /** Do not compare the read models (only the log: chain, revisions, ledger rules). */
  skipReadModels?: boolean;
  maxProblems?: number;
  /** Events read per page (default: the library's: 1,000 for the log checks, 5,000 with the read models). */
  pageSize?: number;
  json?: boolean;
  quiet?: boolean;
}

/** `verify [--manager id]`: the whole log (every Manager's chain), or one Manager. Exit 1 on any problem. */
export async function verifyCommand(io: CliIo, where: Locations, readSide: ReadSide, options: VerifyCommandOptions): Promise<number> {
  const store = openEventStore(where, true);
  const threads = options.threads ?? 1;
  const compareReadModels = !options.skipReadModels && hasReadModels(where) && readSide.replayFactory !== undefined;
  const inWorker = compareReadModels && threads >= 2 && readSide === READ_SIDE && canReplayInWorker();
  const live = compareReadModels && !inWorker ? await openReadStore(where) : undefined;
  const readModels = !compareReadModels
    ? undefined
    : inWorker
      ? workerReadModelReplay(where, options.pageSize ?? REPLAY_PAGE_SIZE)
      : readSide.replayFactory!(live!);
  const progress = startProgress(io, 'verify', { quiet: options.quiet });
  try {
    const report = await verifyLog(
      store,
      options.manager === undefined ? {} : { managerId: options.manager },
      {
        maxProblems: options.maxProblems,
        // The library picks by whether it feeds a replay; a replay in a worker reads for itself.
        pageSize: options.pageSize ?? (inWorker ? DEFAULT_PAGE_SIZE : undefined),
        // Opt-in (3 threads): a worker re-reads the SQLite file and checks the chain. Hashing is cheaper
        // than the replay, so this pays only with a core to spare; on a busy machine it is slower.
        parallel: where.eventstoreUrl === undefined && threads >= 3 ? { sqliteFile: join(where.dataDir, EVENT_LOG_FILE) } : undefined,
        readModels,
        onProgress: (p) => progress.update(p.position, p.headPosition, p.eventsChecked),
      },
    );
    progress.stop();
    if (options.manager !== undefined && report.eventsChecked === 0) {
      throw new CliError(`no events of Manager ${options.manager} in ${describeEventStore(where)}`);
    }
    await io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
    return report.ok ? EXIT.ok : EXIT.problems;
  } finally {
    progress.stop();
    await store.close();
    await live?.close();
  }
}

/** Live read models to compare with: MongoDB, or a read.sqlite in the data folder (never created here). */
function hasReadModels(where: Locations): boolean {
  return where.mongodbUrl !== undefined || existsSync(join(where.dataDir, READ_MODELS_FILE));
}

function summary(report: LogVerifyReport): string {
  const seconds = report.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(report.eventsChecked / seconds).toLocaleString('en') : '-';
  const scope = report.managerId === undefined ? `${report.managers} Manager${report.managers === 1 ? '' : 's'}` : `Manager ${report.managerId}`;
  const lines = [
    `${report.ok ? 'OK' : 'PROBLEMS FOUND'}: ${report.eventsChecked.toLocaleString('en')} events of ${scope} checked in ${seconds.toFixed(1)} s (${rate} events/s)`,
    `  hash chain:     ${report.hashChainIntact ? 'intact' : 'BROKEN'}`,
    `  ledger rules:   ${report.invariantsHold ? 'hold after every event' : 'BROKEN'} (${report.ledgerEventsChecked.toLocaleString('en')} ledger events)`,
    `  read models:    ${report.readModelsMatch === null ? 'not compared (--skip-read-models, or no live read models)' : report.readModelsMatch ? 'match the log' : 'DIFFER from the log'}`,
  ];
  if (!report.ok) {
    lines.push(`  first broken position: ${report.firstBrokenPosition ?? '-'}; ${report.problemCount} problem(s), the first ones:`);
    for (const problem of report.problems) lines.push(`    ${problem.position ?? '-'}\t${problem.kind}\t${problem.detail}`);
  }
  return `${lines.join('\n')}\n`;
}

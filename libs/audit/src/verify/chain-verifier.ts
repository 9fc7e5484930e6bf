import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '@skype-manager/event-store';
import type { AuditProblem } from './audit-report';
import { ChainCheck } from './chain-check';
import type { ChainWorkerAnswer, ChainWorkerTask } from './chain-worker';

/**
 * Where the hash chain is re-checked. Hashing is close to half of a verification's CPU time; when the
 * log is a SQLite file, a worker thread re-reads it and checks the chain beside the main thread.
 */
export interface ChainVerifier {
  /** Sees each page the main thread read (in log order). */
  check(page: readonly RecordedEvent[]): void;
  /** Every chain problem, once the whole log up to the head is checked. */
  finish(): Promise<AuditProblem[]>;
  /** Stops the worker, if any (safe after finish or after a failure). */
  close(): Promise<void>;
}

export interface ParallelChainOptions {
  /** The SQLite event file the worker opens (its own connection). */
  sqliteFile: string;
  /** The worker's entry file; by default the compiled `chain-worker.js` next to this file. */
  workerFile?: string;
  /** Node options for the worker (tests pass a TypeScript loader). */
  execArgv?: string[];
}

export function createChainVerifier(
  parallel: ParallelChainOptions | undefined,
  scope: { managerId?: string; headPosition: number; pageSize: number },
): ChainVerifier {
  const workerFile = parallel?.workerFile ?? join(__dirname, 'chain-worker.js');
  // Run from TypeScript sources (tests, ts-node) there is no compiled worker: check in this thread.
  if (parallel === undefined || !existsSync(workerFile)) return new InThreadChainVerifier();
  return new WorkerChainVerifier(workerFile, parallel.execArgv, {
    file: parallel.sqliteFile,
    managerId: scope.managerId,
    headPosition: scope.headPosition,
    pageSize: scope.pageSize,
  });
}

class InThreadChainVerifier implements ChainVerifier {
  private readonly chain = new ChainCheck();
  private readonly problems: AuditProblem[] = [];

  check(page: readonly RecordedEvent[]): void {
    for (const problem of this.chain.check(page)) this.problems.push(problem);
  }

  async finish(): Promise<AuditProblem[]> {
    return this.problems;
  }

  async close(): Promise<void> {}
}

class WorkerChainVerifier implements ChainVerifier {
  private readonly worker: Worker;
  private readonly answer: Promise<ChainWorkerAnswer>;
  private eventsSeen = 0;

  constructor(workerFile: string, execArgv: string[] | undefined, task: ChainWorkerTask) {
    this.worker = new Worker(workerFile, execArgv === undefined ? {} : { execArgv });
    this.answer = new Promise((resolve) => {
      this.worker.once('message', resolve);
      this.worker.once('error', (error) => resolve({ kind: 'failed', message: error.message }));
      this.worker.once('exit', (code) => resolve({ kind: 'failed', message: `the chain worker exited (code ${code}) before answering` }));
    });
    this.worker.postMessage(task);
  }

  check(page: readonly RecordedEvent[]): void {
    this.eventsSeen += page.length;
  }

  async finish(): Promise<AuditProblem[]> {
    const answer = await this.answer;
    if (answer.kind === 'failed') throw new Error(`hash chain check failed: ${answer.message}`);
    // Both threads read up to the same head: a different count means the log changed under us.
    if (answer.eventsChecked !== this.eventsSeen) {
      throw new Error(`the chain worker read ${answer.eventsChecked} events, the verification ${this.eventsSeen}: was the log rewritten during the verification?`);
    }
    return answer.problems;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

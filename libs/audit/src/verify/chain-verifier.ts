import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '@skype-manager/event-store';
import type { AuditProblem } from './audit-report';
import { ChainCheck } from './chain-check';
import type { ChainWorkerAnswer, ChainWorkerRequest } from './chain-worker';

/**
 * Where the hash chain is re-checked. Hashing is about half of a verification's CPU time, so on a
 * machine with a spare core it runs in a worker thread, in parallel with reading and folding.
 */
export interface ChainVerifier {
  /** Queues a page (in log order); resolves once there is room for another. */
  submit(page: readonly RecordedEvent[]): Promise<void>;
  /** Every problem found, once all submitted pages are checked. */
  finish(): Promise<AuditProblem[]>;
  /** Stops the worker, if any (safe to call after finish or after a failure). */
  close(): Promise<void>;
}

export interface ChainWorkerOptions {
  /** The worker's entry file; by default the compiled `chain-worker.js` next to this file. */
  filename?: string;
  /** Node options for the worker (tests pass a TypeScript loader). */
  execArgv?: string[];
}

/** Pages queued to the worker at most: bounds the memory held while the worker catches up. */
const MAX_PAGES_IN_FLIGHT = 3;

export function createChainVerifier(parallel: boolean | ChainWorkerOptions | undefined): ChainVerifier {
  const options = typeof parallel === 'object' ? parallel : {};
  const filename = options.filename ?? join(__dirname, 'chain-worker.js');
  // Run from TypeScript sources (tests, ts-node) there is no compiled worker: check in this thread.
  const useWorker = parallel !== false && existsSync(filename);
  return useWorker ? new WorkerChainVerifier(filename, options.execArgv) : new InThreadChainVerifier();
}

class InThreadChainVerifier implements ChainVerifier {
  private readonly chain = new ChainCheck();
  private readonly problems: AuditProblem[] = [];

  async submit(page: readonly RecordedEvent[]): Promise<void> {
    this.problems.push(...this.chain.check(page));
  }

  async finish(): Promise<AuditProblem[]> {
    return this.problems;
  }

  async close(): Promise<void> {}
}

class WorkerChainVerifier implements ChainVerifier {
  private readonly worker: Worker;
  private readonly problems: AuditProblem[] = [];
  private submitted = 0;
  private checked = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly exited: Promise<void>;

  constructor(filename: string, execArgv: string[] | undefined) {
    this.worker = new Worker(filename, execArgv === undefined ? {} : { execArgv });
    this.worker.on('message', (answer: ChainWorkerAnswer) => {
      this.checked += 1;
      this.problems.push(...answer.problems);
      this.notify();
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      this.notify();
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => {
      if (this.checked < this.submitted && this.failure === undefined) this.failure = new Error('chain worker exited early');
      this.notify();
      resolve();
    }));
  }

  async submit(page: readonly RecordedEvent[]): Promise<void> {
    this.throwIfFailed();
    const request: ChainWorkerRequest = { kind: 'page', seq: this.submitted, json: JSON.stringify(page) };
    this.worker.postMessage(request);
    this.submitted += 1;
    await this.waitUntil(() => this.submitted - this.checked < MAX_PAGES_IN_FLIGHT);
  }

  async finish(): Promise<AuditProblem[]> {
    await this.waitUntil(() => this.checked === this.submitted);
    this.worker.postMessage({ kind: 'end' } satisfies ChainWorkerRequest);
    await this.exited;
    return this.problems;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private async waitUntil(condition: () => boolean): Promise<void> {
    while (!condition()) {
      this.throwIfFailed();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    this.throwIfFailed();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

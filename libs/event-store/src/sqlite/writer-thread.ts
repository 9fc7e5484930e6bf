import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { decodeOutcomes, encodeRequests, fromWireError, type WireError, type WireFlat, type WireOutcome, type WireRequest } from './writer-protocol';

/** What the writer thread is started with. */
export interface WriterData {
  filename: string;
  busyTimeoutMs: number;
  /** Most requests merged into one transaction. */
  maxBatchRequests: number;
}

export type SnapshotRow = [streamId: string, revision: number, schema: string, stateJson: string];

/**
 * Batches and their outcomes cross the thread boundary as flat arrays of strings and numbers (see
 * WireFlat): structured-cloning dozens of small objects costs several times more.
 */
export type ToWriter =
  | { type: 'batch'; seq: number; count: number; requests: WireFlat /* encodeRequests of `count` requests */ }
  | { type: 'snapshot'; seq: number; snapshot: SnapshotRow }
  | { type: 'close'; seq: number };

export type FromWriter =
  | { type: 'batch'; seq: number; outcomes: WireFlat /* encodeOutcomes */ }
  | { type: 'batch-failed'; seq: number; error: WireError }
  | { type: 'done'; seq: number; error?: WireError };

type Send = ToWriter extends infer M ? (M extends { seq: number } ? Omit<M, 'seq'> : never) : never;

interface Waiting {
  resolve: (message: FromWriter) => void;
  reject: (error: unknown) => void;
}

/**
 * The main thread's side of the writer thread: posts batches (without waiting for the previous one:
 * while batch N commits, batch N+1 is already on its way) and settles each with the writer's answer.
 * Messages are handled in order by one thread, so commits and answers are FIFO.
 *
 * If the thread dies (a bug, out of memory), every request waiting for it is rejected: a caller is
 * never left hanging, and never told "ok" for a commit it cannot be sure of. The next request starts a
 * fresh thread (its caches are refilled from the tables).
 */
export class WriterThread {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();
  private lastError: unknown;
  private closing = false;

  constructor(private readonly data: WriterData) {}

  async commit(requests: WireRequest[]): Promise<WireOutcome[]> {
    const answer = await this.send({ type: 'batch', count: requests.length, requests: encodeRequests(requests) });
    if (answer.type === 'batch') return decodeOutcomes(answer.outcomes);
    if (answer.type === 'batch-failed') throw fromWireError(answer.error);
    throw new Error(`sqlite writer: unexpected answer ${answer.type} to a batch`);
  }

  async saveSnapshot(snapshot: SnapshotRow): Promise<void> {
    const answer = await this.send({ type: 'snapshot', snapshot });
    if (answer.type === 'done' && answer.error !== undefined) throw fromWireError(answer.error);
  }

  /** Lets the thread finish what was posted, closes its connection and waits for it to end. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    this.closing = true; // keeps the thread referenced until it has exited
    worker.ref();
    try {
      await this.send({ type: 'close' });
    } finally {
      await exited;
    }
  }

  /** For tests: the running thread, if any. */
  get thread(): Worker | undefined {
    return this.worker;
  }

  private send(message: Send): Promise<FromWriter> {
    const worker = this.worker ?? this.start();
    const seq = ++this.seq;
    return new Promise<FromWriter>((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      if (this.waiting.size === 1) worker.ref(); // keep the process alive until every answer is in
      worker.postMessage({ ...message, seq });
    });
  }

  private start(): Worker {
    const worker = startWriterWorker(this.data);
    this.worker = worker;
    this.lastError = undefined;
    worker.unref();
    worker.on('message', (message: FromWriter) => {
      const waiting = this.waiting.get(message.seq);
      if (waiting === undefined) return;
      this.waiting.delete(message.seq);
      if (this.waiting.size === 0 && !this.closing) worker.unref();
      waiting.resolve(message);
    });
    worker.on('error', (error) => {
      this.lastError = error;
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      if (this.waiting.size === 0) return;
      const reason = this.lastError === undefined ? '' : `: ${String((this.lastError as Error).message ?? this.lastError)}`;
      const error = new Error(`event store writer thread stopped (exit code ${code})${reason}; the outcome of the pending appends is unknown`);
      const waiting = [...this.waiting.values()];
      this.waiting.clear();
      for (const { reject } of waiting) reject(error);
    });
    return worker;
  }
}

/**
 * Starts `sqlite-writer.worker`: its compiled `.js` next to this file (the built product), or, when
 * running from the TypeScript sources (Jest), the `.ts` file compiled on load with @swc/core (a
 * dev dependency; a worker thread does not inherit Jest's transform).
 */
function startWriterWorker(data: WriterData): Worker {
  const compiled = join(__dirname, 'sqlite-writer.worker.js');
  if (existsSync(compiled)) return new Worker(compiled, { workerData: data });
  const source = join(__dirname, 'sqlite-writer.worker.ts');
  if (!existsSync(source)) throw new Error(`sqlite writer: neither ${compiled} nor ${source} exists`);
  return new Worker(TYPESCRIPT_BOOTSTRAP, { eval: true, workerData: { ...data, entry: source } });
}

const TYPESCRIPT_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
let swc;
try {
  swc = createRequire(workerData.entry)('@swc/core');
} catch (error) {
  throw new Error('sqlite writer: ' + workerData.entry + ' is TypeScript and @swc/core is not installed to compile it; build the product (npm run build) and load it from dist/');
}
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(workerData.entry);
`;

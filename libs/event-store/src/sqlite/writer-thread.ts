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
  /** How long an open batch waits for the next one before committing what it has (default 50 ms). */
  openBatchWaitMs?: number;
  /**
   * How long the writer waits for the next part of an append given in parts before failing it
   * (default 5000 ms). The caller hands its parts over in one synchronous loop, so this only trips
   * when that loop stalls: the transaction (and the file's write lock) stays open meanwhile.
   */
  partWaitMs?: number;
  /**
   * Bumped (and notified) by the main thread after every message it posts: the writer blocks on it
   * while it waits, inside an open batch's transaction, for the next batch.
   */
  wakeSignal: Int32Array;
}

export type SnapshotRow = [streamId: string, revision: number, schema: string, stateJson: string];

/**
 * Batches and their outcomes cross the thread boundary as flat arrays of strings and numbers (see
 * WireFlat): structured-cloning dozens of small objects costs several times more.
 */
export type ToWriter =
  /**
   * `count` requests (encodeRequests). `more`: the caller is still handing over requests of the same
   * burst; the writer inserts these, waits for the next batch and commits them together.
   */
  | { type: 'batch'; seq: number; count: number; requests: WireFlat; more: boolean; parted?: boolean }
  /**
   * The rest of the last request of batch `partOf`, sent with `parted` (EventStore.appendInParts):
   * its next part (`requests`: encodeRequests of that one request), its end, or the caller's abort.
   * Not answered: the batch's answer covers the whole request.
   */
  | { type: 'part'; seq: number; partOf: number; requests?: WireFlat; end?: boolean; abort?: WireError }
  | { type: 'snapshot'; seq: number; snapshot: SnapshotRow }
  | { type: 'close'; seq: number };

export type FromWriter =
  | { type: 'batch'; seq: number; outcomes: WireFlat /* encodeOutcomes */ }
  | { type: 'batch-failed'; seq: number; error: WireError }
  | { type: 'done'; seq: number; error?: WireError }
  /** The answers of several batches committed in one transaction (seq unused). */
  | { type: 'answers'; seq: number; answers: FromWriter[] };

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
  /** The batch whose last request is being given in parts (see sendPart). */
  private partedSeq: number | undefined;

  private readonly data: WriterData;

  constructor(options: Omit<WriterData, 'wakeSignal'>) {
    this.data = { ...options, wakeSignal: new Int32Array(new SharedArrayBuffer(4)) };
  }

  /**
   * Commits the requests. With `more`, the caller promises another batch on this tick or the next
   * (GroupCommitQueue's open batches): the writer inserts these at once and waits for it, so the
   * requests of one burst are inserted while the caller is still preparing the last of them, and
   * committed together (one fsync). The answer of each call comes after that commit.
   */
  async commit(requests: WireRequest[], more = false, parted = false): Promise<WireOutcome[]> {
    const sent = this.send({ type: 'batch', count: requests.length, requests: encodeRequests(requests), more, parted });
    if (parted) this.partedSeq = this.seq;
    const answer = await sent;
    if (answer.type === 'batch') return decodeOutcomes(answer.outcomes);
    if (answer.type === 'batch-failed') throw fromWireError(answer.error);
    throw new Error(`sqlite writer: unexpected answer ${answer.type} to a batch`);
  }

  /**
   * The next part of the request given in parts by the last `commit(…, parted = true)`, its end, or
   * its abort. Posted without an answer of its own; nothing is sent once the thread is gone (the
   * batch's caller is rejected then).
   */
  sendPart(part: { request: WireRequest } | { end: true } | { abort: WireError }): void {
    const worker = this.worker;
    const partOf = this.partedSeq;
    if (!('request' in part)) this.partedSeq = undefined;
    if (worker === undefined || partOf === undefined) return;
    const message: ToWriter =
      'request' in part
        ? { type: 'part', seq: 0, partOf, requests: encodeRequests([part.request]) }
        : 'end' in part
          ? { type: 'part', seq: 0, partOf, end: true }
          : { type: 'part', seq: 0, partOf, abort: part.abort };
    this.post(worker, message);
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
      this.post(worker, { ...message, seq } as ToWriter);
    });
  }

  private post(worker: Worker, message: ToWriter): void {
    worker.postMessage(message);
    // Wakes the writer if it is blocked inside an open batch's transaction, waiting for this.
    Atomics.add(this.data.wakeSignal, 0, 1);
    Atomics.notify(this.data.wakeSignal, 0);
  }

  private start(): Worker {
    const worker = startWriterWorker(this.data);
    this.worker = worker;
    this.lastError = undefined;
    worker.unref();
    const settle = (message: FromWriter): void => {
      const waiting = this.waiting.get(message.seq);
      if (waiting === undefined) return;
      this.waiting.delete(message.seq);
      if (this.waiting.size === 0 && !this.closing) worker.unref();
      waiting.resolve(message);
    };
    worker.on('message', (message: FromWriter) => {
      if (message.type === 'answers') message.answers.forEach(settle);
      else settle(message);
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

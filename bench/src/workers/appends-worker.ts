/**
 * Part 3 worker: durable appends, one event per append, spread over `streams` streams, measured in a
 * fresh process. argv: <subject: product|raw> <appends> <streams> <inFlight> <maxSeconds> [perTransaction]
 *
 * - product: `createSqliteEventStore` (WAL, synchronous=FULL, group commit, hash chain), `inFlight`
 *   concurrent callers; each caller owns the streams s ≡ caller (mod inFlight) so no two callers race
 *   on a stream, and appends with the exact expected revision.
 * - raw: better-sqlite3 alone, same table shape and the same JSON rows, WAL + synchronous=FULL,
 *   `perTransaction` appends per transaction (default 100: DESIGN §5's reference), each one "read last
 *   revision + insert". Part 3 also runs it at `inFlight` per transaction: the most one commit of the
 *   product can hold when `inFlight` callers each wait for their append.
 */
import Database from 'better-sqlite3';
import { createSqliteEventStore, type ExpectedRevision } from '@skype-manager/event-store';
import { reportToParent } from '../lib/processes';
import { seededId } from '../lib/prng';
import { allocationEvent, BENCH_NOW } from '../lib/sample-events';
import { scratchDir } from '../lib/scratch';
import { elapsedMs } from '../lib/stats';

export interface AppendsMeasure {
  subject: string;
  appends: number;
  failures: number;
  seconds: number;
  perSecond: number;
  /** CPU time of the whole process (every thread) per append, µs: steadier than rates on a busy machine. */
  cpuUsPerAppend: number;
  firstError?: string;
}

/** CPU time (user + system, every thread) since `start`, in µs. */
function cpuUsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

const MANAGERS = Number(process.env.BENCH_MANAGERS ?? 100);
const [subject, appendsArg, streamsArg, inFlightArg, maxSecondsArg, perTransactionArg] = process.argv.slice(2);
const total = Number(appendsArg);
const streams = Number(streamsArg);
const inFlight = Number(inFlightArg);
const maxMs = Number(maxSecondsArg) * 1000;

const streamId = (s: number): string => `ledger-${seededId(0x5e, s)}`;
const managerOf = (s: number): string => seededId(0x3a, s % MANAGERS);
const memberOf = (n: number): string => seededId(0x3e, n % 5000);

async function product(): Promise<AppendsMeasure> {
  const scratch = scratchDir('appends-product');
  // BENCH_SQLITE_WRITER=inline commits on this thread instead of the writer thread (for comparison).
  const writer = process.env.BENCH_SQLITE_WRITER === 'inline' ? 'inline' : undefined;
  const store = createSqliteEventStore({ filename: scratch.file('events.db'), writer });
  const revisions = new Map<number, number>();
  let next = 0;
  let failures = 0;
  let firstError: string | undefined;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const caller = async (index: number): Promise<void> => {
    // Caller i appends to streams i, i + inFlight, i + 2·inFlight, … in turn.
    let turn = 0;
    while (next < total && elapsedMs(start) < maxMs) {
      const n = next++;
      const s = (index + inFlight * turn++) % streams;
      const current = revisions.get(s);
      const expected: ExpectedRevision = current === undefined ? 'no-stream' : current;
      try {
        const result = await store.append(streamId(s), expected, [allocationEvent(n, managerOf(s), memberOf(n), BENCH_NOW)]);
        revisions.set(s, result.streams[0].nextExpectedRevision);
      } catch (error) {
        failures++;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, i) => caller(i)));
  const ms = elapsedMs(start);
  await store.close();
  scratch.remove();
  const done = Math.min(next, total) - failures;
  const cpuUsPerAppend = cpuUsSince(cpuStart) / done;
  return { subject: 'product', appends: done, failures, seconds: ms / 1000, perSecond: (done / ms) * 1000, cpuUsPerAppend, firstError };
}

function raw(): AppendsMeasure {
  const scratch = scratchDir('appends-raw');
  const db = new Database(scratch.file('raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL,
    manager_id TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  const lastRevision = db.prepare<[string], { r: number | null }>('SELECT MAX(revision) AS r FROM events WHERE stream_id = ?');
  const insert = db.prepare(
    'INSERT INTO events (id, stream_id, revision, type, data, metadata, manager_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const PER_TRANSACTION = Number(perTransactionArg ?? 100);
  if (!Number.isSafeInteger(PER_TRANSACTION) || PER_TRANSACTION < 1) throw new Error(`perTransaction must be a positive integer, got ${perTransactionArg}`);
  const appendMany = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const s = n % streams;
      const id = streamId(s);
      const event = allocationEvent(n, managerOf(s), memberOf(n), BENCH_NOW);
      const revision = (lastRevision.get(id)?.r ?? -1) + 1;
      insert.run(event.id, id, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), event.metadata.managerId);
    }
  });
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  let done = 0;
  while (done < total && elapsedMs(start) < maxMs) {
    const to = Math.min(total, done + PER_TRANSACTION);
    appendMany(done, to);
    done = to;
  }
  const ms = elapsedMs(start);
  db.close();
  scratch.remove();
  return { subject: 'raw', appends: done, failures: 0, seconds: ms / 1000, perSecond: (done / ms) * 1000, cpuUsPerAppend: cpuUsSince(cpuStart) / done };
}

reportToParent(async () => {
  if (subject === 'product') return product();
  if (subject === 'raw') return raw();
  throw new Error(`unknown subject ${subject}`);
});

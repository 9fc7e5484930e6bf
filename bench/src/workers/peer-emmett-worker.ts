/**
 * Part 3 peer: Emmett's SQLite event store (`@event-driven-io/emmett-sqlite`, installed in
 * bench/peers/emmett by the bench, not by the root install), driven like our store: one event per
 * append, the same event, the same 10,000 streams, the exact expected version.
 * argv: <variant> <appends> <streams> <inFlight> <maxSeconds>
 *   default: `getSQLiteEventStore({ fileName })`: its defaults (a connection opened per call)
 *   shared:  one connection for every call (`connectionOptions: { singleton: true, connection }`)
 * Every failure is counted by its code (SQLITE_BUSY, …): nothing is retried, nothing hidden.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT, reportToParent } from '../lib/processes';
import { seededId } from '../lib/prng';
import { allocationEvent, BENCH_NOW } from '../lib/sample-events';
import { scratchDir } from '../lib/scratch';
import { elapsedMs } from '../lib/stats';

export interface PeerMeasure {
  variant: string;
  inFlight: number;
  attempted: number;
  succeeded: number;
  failed: number;
  /** Appends still waiting when the time was up (abandoned). */
  unfinished: number;
  failuresByCode: Record<string, number>;
  seconds: number;
  successesPerSecond: number;
  pragmas: Record<string, unknown>;
}

// The peer's API, typed as far as this bench uses it.
interface PeerStore {
  appendToStream(
    streamName: string,
    events: Array<{ type: string; data: unknown; metadata?: unknown }>,
    options: { expectedStreamVersion: bigint | string },
  ): Promise<{ nextExpectedStreamVersion: bigint }>;
}
interface PeerConnection {
  querySingle<T>(sql: string): Promise<T | null>;
  close(): void;
}
interface EmmettSqlite {
  getSQLiteEventStore(options: object): PeerStore;
  sqliteConnection(options: { fileName: string }): PeerConnection;
}

const [variant, appendsArg, streamsArg, inFlightArg, maxSecondsArg] = process.argv.slice(2);
const total = Number(appendsArg);
const streams = Number(streamsArg);
const inFlight = Number(inFlightArg);
const maxMs = Number(maxSecondsArg) * 1000;

async function measure(): Promise<PeerMeasure> {
  const peerRequire = createRequire(join(REPO_ROOT, 'bench/peers/emmett/package.json'));
  const emmettSqlite = peerRequire('@event-driven-io/emmett-sqlite') as EmmettSqlite;
  const { STREAM_DOES_NOT_EXIST } = peerRequire('@event-driven-io/emmett') as { STREAM_DOES_NOT_EXIST: string };
  const scratch = scratchDir(`peer-${variant}`);
  const fileName = scratch.file('emmett.db');
  const shared = variant === 'shared' ? emmettSqlite.sqliteConnection({ fileName }) : undefined;
  const store = emmettSqlite.getSQLiteEventStore(
    shared ? { fileName, connectionOptions: { singleton: true, connection: shared } } : { fileName },
  );
  const versions = new Map<number, bigint>();
  const failuresByCode: Record<string, number> = {};
  // The peer opens each connection with an un-awaited `PRAGMA journal_mode = WAL` whose SQLITE_BUSY
  // surfaces as an unhandled 'error' event (it would kill the process): counted, not hidden.
  process.on('uncaughtException', (error: Error & { code?: string }) => {
    const code = `uncaught ${error.code ?? error.name}`;
    failuresByCode[code] = (failuresByCode[code] ?? 0) + 1;
  });
  let next = 0;
  let succeeded = 0;
  let failed = 0;
  const start = process.hrtime.bigint();
  const caller = async (index: number): Promise<void> => {
    let turn = 0;
    while (next < total && elapsedMs(start) < maxMs) {
      const n = next++;
      const s = (index + inFlight * turn++) % streams;
      const event = allocationEvent(n, seededId(0x3a, s % 100), seededId(0x3e, n % 5000), BENCH_NOW);
      try {
        const result = await store.appendToStream(
          `ledger-${seededId(0x5e, s)}`,
          [{ type: event.type, data: event.data, metadata: event.metadata }],
          { expectedStreamVersion: versions.get(s) ?? STREAM_DOES_NOT_EXIST },
        );
        versions.set(s, result.nextExpectedStreamVersion);
        succeeded++;
      } catch (error) {
        failed++;
        const code = (error as { code?: string; name?: string }).code ?? (error as Error).name ?? 'Error';
        failuresByCode[code] = (failuresByCode[code] ?? 0) + 1;
      }
    }
  };
  // Bounded: calls still waiting (on SQLite's busy handler) a second after the deadline are counted
  // as unfinished and abandoned.
  const callers = Promise.all(Array.from({ length: inFlight }, (_, i) => caller(i)));
  await Promise.race([callers, new Promise((r) => setTimeout(r, maxMs + 1000).unref())]);
  const ms = elapsedMs(start);
  const unfinished = Math.min(next, total) - succeeded - failed;
  const probe = shared ?? emmettSqlite.sqliteConnection({ fileName });
  const pragmas = {
    synchronous: Object.values((await probe.querySingle<object>('PRAGMA synchronous')) ?? {})[0],
    journal_mode: Object.values((await probe.querySingle<object>('PRAGMA journal_mode')) ?? {})[0],
  };
  if (unfinished === 0) {
    probe.close();
    scratch.remove();
  }
  return {
    variant,
    inFlight,
    attempted: succeeded + failed + unfinished,
    succeeded,
    unfinished,
    failed,
    failuresByCode,
    seconds: ms / 1000,
    successesPerSecond: (succeeded / ms) * 1000,
    pragmas,
  };
}

reportToParent(measure);

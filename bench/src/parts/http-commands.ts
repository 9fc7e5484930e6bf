/**
 * Part 1 — HTTP commands (allocate credit; record one usage) at 1, 16 and 64 connections, against the
 * bare endpoint of the same NestJS + Fastify app validating the body as the real route does and doing nothing else.
 * Server: the real API in its own process on 127.0.0.1 (see workers/http-server-worker.ts); client:
 * autocannon here. Each point runs for a bounded duration after a short warm-up. The notes also give the
 * server's CPU time per answered request (main thread, and all threads), read from /proc around each
 * slice: on a loaded machine it moves much less than req/s does.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mode } from '../lib/mode';
import { benchRoutes } from '../lib/http-routes';
import { load, type LoadResult } from '../lib/load';
import { compiled, runChild, stopChild, type ChildMessage } from '../lib/processes';
import { fmt, fmtMs, ratioOf, type Row } from '../lib/results';

const PART = '1 HTTP commands';

export interface Ready {
  url: string;
  managerId: string;
  ownerKey: string;
  memberIds: string[];
}

/** The share of failed requests on a real route above which part 1 fails instead of reporting. */
const MAX_FAILED_SHARE = 0.01;

/**
 * The failed requests (non-2xx or errors) of a real route's slices. A route that mostly fails measures
 * its error path, not the command: above MAX_FAILED_SHARE this throws and the part fails (a few
 * failures are shown in the notes and miss the goal). bench:ab applies the same rule.
 */
export function checkAnswered(what: string, slices: readonly LoadResult[]): number {
  const failed = slices.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
  const answered = slices.reduce((sum, r) => sum + r.ok, 0) + failed;
  if (failed > MAX_FAILED_SHARE * answered) {
    throw new Error(`${what}: ${fmt(failed)} of ${fmt(answered)} requests failed (non-2xx or errors)`);
  }
  return failed;
}

/**
 * Starts part 1's server and resolves once it is seeded and listening. `root`: the checkout whose build
 * runs it (default this one; bench:ab starts another build's).
 */
export function startServer(
  members: number,
  root?: string,
): Promise<{ child: ChildProcess; ready: Ready; done: Promise<unknown> }> {
  const script = root === undefined ? compiled('workers/http-server-worker') : join(root, 'dist/bench/bench/src/workers/http-server-worker.js');
  return new Promise((resolve, reject) => {
    const { child, result } = runChild<unknown>(script, {
      args: [String(members)],
      timeoutMs: 15 * 60 * 1000,
      ...(root === undefined ? {} : { cwd: root }),
      onMessage: (message: ChildMessage, process) => {
        if (message.type === 'ready') resolve({ child: process, ready: message as unknown as Ready, done: result });
      },
    });
    result.catch(reject);
    void child;
  });
}

function headOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: ChildMessage): void => {
      if (message.type !== 'head') return;
      child.off('message', onMessage);
      resolve(Number(message.head));
    };
    child.on('message', onMessage);
    child.send({ type: 'head' });
  });
}

/** Linux accounts thread CPU time in clock ticks of 1/100 s (USER_HZ). */
const MICROSECONDS_PER_TICK = 10_000;

/**
 * CPU time the server process has used so far, in µs: its main thread (the event loop: HTTP, Nest, deciding)
 * and all its threads (the SQLite writer thread too). From /proc; undefined where there is none.
 */
function serverCpuUs(pid: number | undefined): { mainUs: number; allUs: number } | undefined {
  if (pid === undefined) return undefined;
  try {
    let mainUs = 0;
    let allUs = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name: state is the first, utime the 12th and stime the 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const us = (Number(fields[11]) + Number(fields[12])) * MICROSECONDS_PER_TICK;
      allUs += us;
      if (tid === String(pid)) mainUs = us;
    }
    return { mainUs, allUs };
  } catch {
    return undefined;
  }
}

/** Server CPU per answered request over some slices; less sensitive than req/s to what else runs on the machine. */
interface CpuPerRequest {
  mainUs: number;
  allUs: number;
  requests: number;
}

function perRequest(cpu: CpuPerRequest, which: 'mainUs' | 'allUs'): number {
  return cpu.requests > 0 ? cpu[which] / cpu.requests : Number.NaN;
}

export async function runHttpCommands(mode: Mode): Promise<Row[]> {
  const { durationSeconds, warmupSeconds, concurrencies, members } = mode.http;
  const server = await startServer(members);
  const { url, managerId, ownerKey, memberIds } = server.ready;
  const auth = { authorization: `Bearer ${ownerKey}` };
  const routes = benchRoutes(managerId, memberIds, `bench-${process.pid}`);
  const commands = [routes.allocate, routes.usage];
  const rows: Row[] = [];
  try {
    for (const command of commands) {
      for (const connections of concurrencies) {
        // Warm both up, then alternate short slices of bare and real: a burst of load from other people's
        // work on this shared machine then hits both alike. The medians of the slices are compared.
        let acknowledged = 0; // warm-up included, to compare with the log's growth
        const run = (path: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> =>
          load({ url, path, connections, durationSeconds: seconds, headers, body: command.body });
        const bareCpu: CpuPerRequest = { mainUs: 0, allUs: 0, requests: 0 };
        const realCpu: CpuPerRequest = { mainUs: 0, allUs: 0, requests: 0 };
        const measured = async (into: CpuPerRequest, path: string, headers: Record<string, string>, seconds: number) => {
          const before = serverCpuUs(server.child.pid);
          const result = await run(path, headers, seconds);
          const after = serverCpuUs(server.child.pid);
          if (before && after) {
            into.mainUs += after.mainUs - before.mainUs;
            into.allUs += after.allUs - before.allUs;
            into.requests += result.ok;
          }
          return result;
        };
        const before = await headOf(server.child);
        if (warmupSeconds > 0) {
          await run(command.bare, {}, warmupSeconds);
          acknowledged += (await run(command.path, auth, warmupSeconds)).ok;
        }
        const bares: LoadResult[] = [];
        const reals: LoadResult[] = [];
        const slices = mode.http.slices * mode.rounds;
        for (let slice = 0; slice < slices; slice++) {
          bares.push(await measured(bareCpu, command.bare, {}, durationSeconds / mode.http.slices));
          const real = await measured(realCpu, command.path, auth, durationSeconds / mode.http.slices);
          acknowledged += real.ok;
          reals.push(real);
        }
        const appended = (await headOf(server.child)) - before;
        const median = (items: LoadResult[], f: (r: LoadResult) => number): number => items.map(f).sort((a, b) => a - b)[Math.floor(items.length / 2)];
        const bare = median(bares, (r) => r.requestsPerSecond);
        const real = median(reals, (r) => r.requestsPerSecond);
        // Each real slice is paired with the bare slice just before it; the ratio is the median of the pairs.
        const sliceRatios = reals.map((r, i) => ratioOf(r.requestsPerSecond, bares[i].requestsPerSecond) ?? 0);
        const ratio = sliceRatios.length > 0 ? [...sliceRatios].sort((a, b) => a - b)[Math.floor(sliceRatios.length / 2)] : undefined;
        const failed = checkAnswered(`${command.name} at ${connections} connection${connections > 1 ? 's' : ''}`, reals);
        rows.push({
          part: PART,
          name: `${command.name}, ${connections} connection${connections > 1 ? 's' : ''}`,
          figure: `${fmt(real)} req/s · p50 ${fmtMs(median(reals, (r) => r.p50Ms))} · p99 ${fmtMs(median(reals, (r) => r.p99Ms))}`,
          reference: `bare endpoint, same validation: ${fmt(bare)} req/s · p50 ${fmtMs(median(bares, (r) => r.p50Ms))} · p99 ${fmtMs(median(bares, (r) => r.p99Ms))}`,
          ratio,
          goal:
            connections === 64
              ? { text: '≥ 0.5 of the ceiling at 64', met: ratio !== undefined && ratio >= 0.5 && failed === 0 && appended >= acknowledged }
              : undefined,
          notes:
            `ratio = median of ${slices} paired slices (${sliceRatios.map((r) => fmt(r, 2)).join(', ')}); ` +
            `log grew by ${fmt(appended)} events for ${fmt(acknowledged)} acknowledged commands (warm-up included)` +
            (realCpu.requests > 0 && bareCpu.requests > 0
              ? `; server CPU per request, main thread: bare ${fmt(perRequest(bareCpu, 'mainUs'))} µs, real ${fmt(perRequest(realCpu, 'mainUs'))} µs ` +
                `(${fmt(perRequest(bareCpu, 'mainUs') / perRequest(realCpu, 'mainUs'), 2)}); all threads: real ${fmt(perRequest(realCpu, 'allUs'))} µs`
              : '') +
            (appended < acknowledged ? ' — FEWER EVENTS THAN ACKNOWLEDGED COMMANDS' : '') +
            (failed > 0 ? `; ${fmt(failed)} FAILED (non-2xx or errors)` : '') +
            (connections === concurrencies[0] && command === commands[0] ? '; every command durable (WAL, synchronous=FULL) before its answer' : ''),
          data: { bares, reals, appended, acknowledged, bareCpu, realCpu },
        });
      }
    }
  } finally {
    server.child.send({ type: 'stop' });
    await Promise.race([server.done.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    await stopChild(server.child);
  }
  return rows;
}

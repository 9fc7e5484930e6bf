/**
 * Part 1 — HTTP commands (allocate credit; record one usage) at 1, 16 and 64 connections, against the
 * bare endpoint of the same NestJS + Fastify app validating the same DTO and doing nothing else.
 * Server: the real API in its own process on 127.0.0.1 (see workers/http-server-worker.ts); client:
 * autocannon here. Each point runs for a bounded duration after a short warm-up.
 */
import type { ChildProcess } from 'node:child_process';
import type { Mode } from '../lib/mode';
import { load, type LoadResult } from '../lib/load';
import { compiled, runChild, stopChild, type ChildMessage } from '../lib/processes';
import { fmt, fmtMs, ratioOf, type Row } from '../lib/results';

const PART = '1 HTTP commands';

interface Ready {
  url: string;
  managerId: string;
  ownerKey: string;
  memberIds: string[];
}

function startServer(members: number): Promise<{ child: ChildProcess; ready: Ready; done: Promise<unknown> }> {
  return new Promise((resolve, reject) => {
    const { child, result } = runChild<unknown>(compiled('workers/http-server-worker'), {
      args: [String(members)],
      timeoutMs: 15 * 60 * 1000,
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

export async function runHttpCommands(mode: Mode): Promise<Row[]> {
  const { durationSeconds, warmupSeconds, concurrencies, members } = mode.http;
  const server = await startServer(members);
  const { url, managerId, ownerKey, memberIds } = server.ready;
  const auth = { authorization: `Bearer ${ownerKey}` };
  let n = 0;
  const member = (): string => memberIds[n++ % memberIds.length];
  const allocation = (): string => JSON.stringify({ to: { memberId: member() }, amountMinor: 1 });
  const usage = (): string =>
    JSON.stringify({
      records: [
        {
          usageId: `bench-${process.pid}-${n}`,
          memberId: member(),
          kind: 'call',
          destination: '+33612345678',
          startedAt: new Date(Date.now() - 60_000).toISOString(),
          durationSeconds: 60,
          costMinor: 2,
        },
      ],
    });
  const commands = [
    { name: 'allocate credit', path: `/v1/managers/${managerId}/credit/allocations`, bare: `/bench/bare/managers/${managerId}/credit/allocations`, body: allocation },
    { name: 'record one usage', path: `/v1/managers/${managerId}/usage`, bare: `/bench/bare/managers/${managerId}/usage`, body: usage },
  ];
  const rows: Row[] = [];
  try {
    for (const command of commands) {
      for (const connections of concurrencies) {
        // Warm both up, then alternate short slices of bare and real: a burst of load from other people's
        // work on this shared machine then hits both alike. The medians of the slices are compared.
        let acknowledged = 0; // warm-up included, to compare with the log's growth
        const run = (path: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> =>
          load({ url, path, connections, durationSeconds: seconds, headers, body: command.body });
        const before = await headOf(server.child);
        if (warmupSeconds > 0) {
          await run(command.bare, {}, warmupSeconds);
          acknowledged += (await run(command.path, auth, warmupSeconds)).ok;
        }
        const bares: LoadResult[] = [];
        const reals: LoadResult[] = [];
        const slices = mode.http.slices * mode.rounds;
        for (let slice = 0; slice < slices; slice++) {
          bares.push(await run(command.bare, {}, durationSeconds / mode.http.slices));
          const real = await run(command.path, auth, durationSeconds / mode.http.slices);
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
        const failed = reals.reduce((s, r) => s + r.non2xx + r.errors, 0);
        rows.push({
          part: PART,
          name: `${command.name}, ${connections} connection${connections > 1 ? 's' : ''}`,
          figure: `${fmt(real)} req/s · p50 ${fmtMs(median(reals, (r) => r.p50Ms))} · p99 ${fmtMs(median(reals, (r) => r.p99Ms))}`,
          reference: `bare endpoint, same DTO: ${fmt(bare)} req/s · p50 ${fmtMs(median(bares, (r) => r.p50Ms))} · p99 ${fmtMs(median(bares, (r) => r.p99Ms))}`,
          ratio,
          goal:
            connections === 64
              ? { text: '≥ 0.5 of the ceiling at 64', met: ratio !== undefined && ratio >= 0.5 && failed === 0 && appended >= acknowledged }
              : undefined,
          notes:
            `ratio = median of ${slices} paired slices (${sliceRatios.map((r) => fmt(r, 2)).join(', ')}); ` +
            `log grew by ${fmt(appended)} events for ${fmt(acknowledged)} acknowledged commands (warm-up included)` +
            (appended < acknowledged ? ' — FEWER EVENTS THAN ACKNOWLEDGED COMMANDS' : '') +
            (failed > 0 ? `; ${fmt(failed)} FAILED (non-2xx or errors)` : '') +
            (connections === concurrencies[0] && command === commands[0] ? '; every command durable (WAL, synchronous=FULL) before its answer' : ''),
          data: { bares, reals, appended, acknowledged },
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

/**
 * `npm run bench:ab -- --base=<dir> [--parts=1,2,3,4] [--rounds=5]`: this checkout (the candidate)
 * against another build of the product (the base: a git worktree of an older commit, built), part by
 * part, in alternating fresh processes: the before/after figures of a change, measured in one sitting.
 *
 * Each round runs the base and the candidate one after the other, in alternating order (a slow phase of
 * the machine then hits both alike), each in processes of its own build:
 *   1  HTTP at 64 connections, allocate and usage: the ratio to the bare route of the same server
 *      (the median of three paired 3 s slices, after a warm-up), a fresh server per build and round;
 *   2  usage ingestion (quick mode's 50 requests of 1,000 records): records/s, and the ratio to raw better-sqlite3
 *      run (from the candidate's build) just before, in the same round;
 *   3  appends (quick mode's 50,000, 64 in flight): appends/s, and the ratio to raw at 100 appends per transaction;
 *   4  the projector's rebuild of one log (built once, by the candidate's fixture worker): events/s and
 *      peak RSS.
 * It prints every round and the medians, and how many rounds the candidate was ahead in. Nothing is
 * written to bench/results.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchRoutes } from './lib/http-routes';
import { load, type LoadResult } from './lib/load';
import { modeFromArgs } from './lib/mode';
import { checkAnswered, startServer } from './parts/http-commands';
import { REPO_ROOT, runChild, stopChild } from './lib/processes';
import { median } from './lib/stats';
import type { AppendsMeasure } from './workers/appends-worker';
import type { RebuildMeasure } from './workers/rebuild-worker';
import type { UsageMeasure } from './workers/usage-worker';

interface Build {
  name: 'base' | 'candidate';
  root: string;
}

interface Options {
  base: string;
  parts: string[];
  rounds: number;
}

const ALL_PARTS = ['1', '2', '3', '4'];
/** Parts 1-3 run at the quick mode's sizes, part 4 at the full mode's log: the bench's own numbers. */
const QUICK = modeFromArgs([]);
const FULL = modeFromArgs(['--full']);
const MAX_ROUNDS = 20;

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined =>
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const base = value('base');
  if (base === undefined || base === '') throw new Error('--base=<dir> is required: a built checkout of the product to compare with');
  const parts = (value('parts') ?? ALL_PARTS.join(',')).split(',');
  const unknown = parts.filter((p) => !ALL_PARTS.includes(p));
  if (unknown.length > 0) throw new Error(`--parts takes ${ALL_PARTS.join(', ')}; got ${unknown.join(', ')}`);
  const rounds = Number(value('rounds') ?? 5);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_ROUNDS) throw new Error(`--rounds must be an integer from 1 to ${MAX_ROUNDS}`);
  return { base: resolve(base), parts, rounds };
}

/** A worker of a build; the base must have been built (its dist/bench holds the workers). */
function workerOf(build: Build, name: string): string {
  const file = join(build.root, 'dist/bench/bench/src/workers', `${name}.js`);
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: build the ${build.name} first (in ${build.root}: npm ci, npm run build, ` +
        'node node_modules/typescript/bin/tsc -p bench/tsconfig.json)',
    );
  }
  return file;
}

function run<T>(build: Build, worker: string, args: Array<string | number>, timeoutMs: number): Promise<T> {
  return runChild<T>(workerOf(build, worker), { args: args.map(String), timeoutMs, cwd: build.root }).result;
}

/** Part 1: a fresh server of `build`; the median ratio of three paired slices per route. */
async function httpRatios(build: Build): Promise<{ allocate: number; usage: number }> {
  const server = await startServer(QUICK.http.members, build.root);
  const { child, ready } = server;
  const { url, managerId, ownerKey, memberIds } = ready;
  const auth = { authorization: `Bearer ${ownerKey}` };
  const routes = benchRoutes(managerId, memberIds, `ab-${process.pid}-${build.name}`);
  const ratios = { allocate: Number.NaN, usage: Number.NaN };
  try {
    for (const name of ['allocate', 'usage'] as const) {
      const route = routes[name];
      // As in bench part 1: the real route with the owner's key, the bare one (public) without.
      const slice = (path: string, seconds: number) =>
        load({ url, path, connections: 64, durationSeconds: seconds, headers: path === route.path ? auth : {}, body: route.body });
      await slice(route.path, 2);
      await slice(route.bare, 1);
      const slices: number[] = [];
      const reals: LoadResult[] = [];
      for (let i = 0; i < 3; i++) {
        const real = await slice(route.path, 3);
        const bare = await slice(route.bare, 3);
        reals.push(real);
        slices.push(real.requestsPerSecond / bare.requestsPerSecond);
      }
      checkAnswered(`${build.name}: ${route.name} at 64 connections`, reals);
      ratios[name] = median(slices);
    }
  } finally {
    child.send({ type: 'stop' });
    await server.done.catch(() => undefined);
    await stopChild(child);
  }
  return ratios;
}

type Figures = Record<string, number>;

async function measure(part: string, build: Build, candidate: Build, log: string | undefined): Promise<Figures> {
  switch (part) {
    case '1': {
      const { allocate, usage } = await httpRatios(build);
      return { 'allocate ratio': allocate, 'usage ratio': usage };
    }
    case '2': {
      const { requests, recordsPerRequest, members, maxSeconds } = QUICK.usage;
      const args = [requests, recordsPerRequest, members, 1, maxSeconds];
      const raw = await run<UsageMeasure>(candidate, 'usage-worker', ['raw', ...args], 120_000);
      const product = await run<UsageMeasure>(build, 'usage-worker', ['product', ...args], 120_000);
      return { 'records/s': product.recordsPerSecond, 'ratio to raw': product.recordsPerSecond / raw.recordsPerSecond };
    }
    case '3': {
      const { appends, streams, inFlight, maxSeconds } = QUICK.appends;
      const raw = await run<AppendsMeasure>(candidate, 'appends-worker', ['raw', appends, streams, 1, maxSeconds, 100], 120_000);
      const product = await run<AppendsMeasure>(build, 'appends-worker', ['product', appends, streams, inFlight, maxSeconds], 120_000);
      return { 'appends/s': product.perSecond, 'ratio to raw': product.perSecond / raw.perSecond };
    }
    case '4': {
      const dir = mkdtempSync(join(tmpdir(), 'bench-ab-read-'));
      try {
        const rebuilt = await run<RebuildMeasure>(build, 'rebuild-worker', [log!, join(dir, 'read.sqlite'), 600], 15 * 60_000);
        if (!rebuilt.available) throw new Error(`${build.name}: the rebuild is not available: ${rebuilt.why}`);
        return { 'events/s': rebuilt.eventsPerSecond!, 'peak RSS MB': rebuilt.maxRssMb! };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    default:
      throw new Error(`no part ${part}`);
  }
}

const fmt = (value: number): string =>
  Number.isNaN(value) ? '—' : Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(3);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const candidate: Build = { name: 'candidate', root: REPO_ROOT };
  const base: Build = { name: 'base', root: options.base };
  if (resolve(base.root) === resolve(candidate.root)) throw new Error('--base is this checkout: give another build');
  // Every worker a part needs, from both builds, before anything runs.
  const needs: Record<string, string[]> = {
    '1': ['http-server-worker'],
    '2': ['usage-worker'],
    '3': ['appends-worker'],
    '4': ['rebuild-worker', 'log-fixture-worker'],
  };
  for (const part of options.parts) for (const worker of needs[part]) for (const build of [base, candidate]) workerOf(build, worker);
  console.log(`[bench:ab] base ${base.root}, candidate ${candidate.root}; ${options.rounds} alternating rounds of parts ${options.parts.join(', ')}`);
  let scratch: string | undefined;
  let log: string | undefined;
  try {
    if (options.parts.includes('4')) {
      scratch = mkdtempSync(join(tmpdir(), 'bench-ab-log-'));
      log = join(scratch, 'log.sqlite');
      const { events, managers, membersPerManager } = FULL.log;
      console.log(`[bench:ab] part 4: building a log of ${events.toLocaleString('en-US')} usage events (${managers} Managers × ${membersPerManager} members)…`);
      await run(candidate, 'log-fixture-worker', [log, managers, membersPerManager, 10, 365, events], 10 * 60_000);
    }
    for (const part of options.parts) {
      const results: Record<Build['name'], Figures[]> = { base: [], candidate: [] };
      for (let round = 0; round < options.rounds; round++) {
        const order = round % 2 === 0 ? [base, candidate] : [candidate, base];
        const line: string[] = [];
        for (const build of order) {
          const figures = await measure(part, build, candidate, log);
          results[build.name].push(figures);
          line.push(`${build.name}: ${Object.entries(figures).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
        }
        console.log(`part ${part} round ${round + 1}: ${line.join(' | ')}`);
      }
      for (const key of Object.keys(results.base[0])) {
        const of = (name: Build['name']) => results[name].map((figures) => figures[key]);
        const ahead = results.base.filter((figures, i) => results.candidate[i][key] > figures[key]).length;
        console.log(
          `part ${part} ${key}: median base ${fmt(median(of('base')))}, candidate ${fmt(median(of('candidate')))}; ` +
            `candidate higher in ${ahead} of ${options.rounds} rounds`,
        );
      }
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

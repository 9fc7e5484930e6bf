/**
 * Part 3, the peer: Emmett's SQLite event store, installed into bench/peers/emmett on first use
 * (`npm install --legacy-peer-deps` there; sqlite3 compiles from source, ~1 minute).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Mode } from '../lib/mode';
import { runWorker } from '../lib/measure';
import { REPO_ROOT } from '../lib/processes';
import { fmt, notAvailableRow, ratioOf, type Row } from '../lib/results';
import type { PeerMeasure } from '../workers/peer-emmett-worker';

const PART = '3 appends';
const PEER_DIR = join(REPO_ROOT, 'bench/peers/emmett');

function peerInstalled(): boolean {
  return (
    existsSync(join(PEER_DIR, 'node_modules/@event-driven-io/emmett-sqlite/package.json')) &&
    existsSync(join(PEER_DIR, 'node_modules/async-retry/package.json')) &&
    existsSync(join(PEER_DIR, 'node_modules/sqlite3/build/Release/node_sqlite3.node'))
  );
}

/** Installs the peer in its own folder (never the root install). Returns why it failed, if it did. */
function installPeer(): string | undefined {
  console.log('[bench] installing the peer (bench/peers/emmett: npm install --legacy-peer-deps; sqlite3 compiles, ~1-2 min)…');
  const result = spawnSync('npm', ['install', '--legacy-peer-deps', '--no-audit', '--no-fund'], {
    cwd: PEER_DIR,
    stdio: 'inherit',
    timeout: 20 * 60 * 1000,
  });
  if (result.status !== 0 || !peerInstalled()) return `npm install in bench/peers/emmett failed (${result.status ?? result.signal})`;
  return undefined;
}

function failuresText(m: PeerMeasure): string {
  const codes = Object.entries(m.failuresByCode).map(([code, n]) => `${fmt(n)} ${code}`);
  const unfinished = m.unfinished > 0 ? `, ${fmt(m.unfinished)} still waiting at the deadline` : '';
  return `${fmt(m.succeeded)} ok, ${fmt(m.failed)} failed${codes.length ? ` (${codes.join(', ')})` : ''}${unfinished}`;
}

export async function measurePeer(mode: Mode, rawPerSecond: number, oursPerSecond: number): Promise<Row[]> {
  if (mode.name === 'smoke') {
    // Smoke mode must stay under a minute: the peer's four variants (and its install) are for quick/full.
    return [notAvailableRow(PART, 'Emmett SQLite (peer)', 'skipped in smoke mode (measured by `npm run bench` and `--full`)', '—')];
  }
  if (!peerInstalled()) {
    const why = installPeer();
    if (why) return [notAvailableRow(PART, 'Emmett SQLite (peer)', why, '—')];
  }
  const { appends, streams, inFlight, peerSeconds } = mode.appends;
  const variants: Array<{ variant: 'default' | 'shared'; inFlight: number; label: string }> = [
    { variant: 'default', inFlight: 1, label: 'sequential, its defaults (a connection per call)' },
    { variant: 'shared', inFlight: 1, label: 'sequential, one shared connection' },
    { variant: 'default', inFlight, label: `${inFlight} in flight, its defaults` },
    { variant: 'shared', inFlight, label: `${inFlight} in flight, one shared connection` },
  ];
  const rows: Row[] = [];
  let bestPeer = 0;
  for (const v of variants) {
    try {
      const m = await runWorker<PeerMeasure>(
        'peer-emmett-worker',
        [v.variant, appends, streams, v.inFlight, peerSeconds],
        (peerSeconds + 60) * 1000,
        { silent: true }, // the peer logs every failed transaction to stdout
      );
      bestPeer = Math.max(bestPeer, m.successesPerSecond);
      rows.push({
        part: PART,
        name: `Emmett SQLite 0.42.4 (peer), ${v.label}`,
        figure: `${fmt(m.successesPerSecond)} successful appends/s`,
        reference: `raw batched: ${fmt(rawPerSecond)} appends/s`,
        ratio: ratioOf(m.successesPerSecond, rawPerSecond),
        notes: `${failuresText(m)} in ${fmt(m.seconds, 1)} s; its pragmas: synchronous=${String(m.pragmas.synchronous)}${m.pragmas.synchronous === 2 ? ' (FULL)' : ''}, journal_mode=${String(m.pragmas.journal_mode)}${v.variant === 'shared' && v.inFlight > 1 ? '; its withTransaction nests on a shared connection, so concurrent appends share one transaction' : ''}`,
        data: { ...m },
      });
    } catch (error) {
      rows.push(notAvailableRow(PART, `Emmett SQLite (peer), ${v.label}`, `failed: ${String(error).slice(0, 300)}`, '—'));
    }
  }
  if (bestPeer > 0) {
    rows.push({
      part: PART,
      name: 'ours vs the best peer variant',
      figure: `${fmt(oursPerSecond)} appends/s`,
      reference: `best peer: ${fmt(bestPeer)} successful appends/s`,
      ratio: ratioOf(oursPerSecond, bestPeer),
      notes: 'informative (no goal)',
    });
  }
  return rows;
}

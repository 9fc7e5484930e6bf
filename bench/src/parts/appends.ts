/**
 * Part 3 — event-store appends: one event per append, 10,000 streams, 64 concurrent callers, durable.
 * Reference: raw better-sqlite3, 100 appends per transaction (read last revision + insert), same rows,
 * same durability. Peer: Emmett's SQLite event store (bench/peers/emmett), for comparison.
 */
import type { Mode } from '../lib/mode';
import { alternate, medianOf, runWorker } from '../lib/measure';
import { fmt, ratioOf, type Row } from '../lib/results';
import type { AppendsMeasure } from '../workers/appends-worker';
import { measurePeer } from './appends-peer';

const PART = '3 appends';

export async function runAppends(mode: Mode): Promise<Row[]> {
  const { appends, streams, inFlight, maxSeconds } = mode.appends;
  const timeoutMs = (maxSeconds + 60) * 1000;
  // Each round: raw at 100 per transaction (the reference), raw at `inFlight` per transaction (the most
  // one commit of the product holds when `inFlight` callers each wait for their append), the product.
  const rawAtBatch: AppendsMeasure[] = [];
  const { references, subjects } = await alternate(
    mode.appends.rounds,
    async () => {
      const reference = await runWorker<AppendsMeasure>('appends-worker', ['raw', appends, streams, 1, maxSeconds, 100], timeoutMs);
      rawAtBatch.push(await runWorker<AppendsMeasure>('appends-worker', ['raw', appends, streams, 1, maxSeconds, inFlight], timeoutMs));
      return reference;
    },
    () => runWorker<AppendsMeasure>('appends-worker', ['product', appends, streams, inFlight, maxSeconds], timeoutMs),
  );
  const rawPerSecond = medianOf(references, (m) => m.perSecond);
  const productPerSecond = medianOf(subjects, (m) => m.perSecond);
  const ratio = ratioOf(productPerSecond, rawPerSecond);
  const failures = subjects.reduce((sum, m) => sum + m.failures, 0);
  const rows: Row[] = [
    {
      part: PART,
      name: `SqliteEventStore.append, ${inFlight} in flight, ${fmt(streams)} streams, ${fmt(subjects[0].appends)} appends`,
      figure: `${fmt(productPerSecond)} appends/s`,
      reference: `raw better-sqlite3, 100 appends/transaction: ${fmt(rawPerSecond)} appends/s`,
      ratio,
      goal: { text: '≥ 0.5 of raw batched', met: ratio !== undefined && ratio >= 0.5 && failures === 0 },
      notes:
        `medians of ${subjects.length} alternating rounds (raw, product; fresh processes): ratios ${subjects.map((m, i) => fmt(ratioOf(m.perSecond, references[i].perSecond) ?? 0, 2)).join(', ')}; ` +
        `WAL + synchronous=FULL on both; each append reads the stream revision and inserts; product adds validation, hash chain, group commit; ` +
        `CPU per append (all threads): ${fmt(medianOf(subjects, (m) => m.cpuUsPerAppend), 1)} µs vs raw ${fmt(medianOf(references, (m) => m.cpuUsPerAppend), 1)} µs` +
        (failures > 0 ? `; ${failures} appends FAILED: ${subjects.find((m) => m.firstError)?.firstError}` : ''),
      data: { references, subjects },
    },
  ];
  const rawAtBatchPerSecond = medianOf(rawAtBatch, (m) => m.perSecond);
  rows.push({
    part: PART,
    name: 'the same product runs, against raw committing as many appends at once as the product can',
    figure: `${fmt(productPerSecond)} appends/s`,
    reference: `raw better-sqlite3, ${inFlight} appends/transaction: ${fmt(rawAtBatchPerSecond)} appends/s`,
    ratio: ratioOf(productPerSecond, rawAtBatchPerSecond),
    notes:
      `informative (no goal): with ${inFlight} callers each waiting for its append, one commit holds at most ${inFlight} appends (raw: 100). ` +
      `This splits the gap to raw into that batch size (raw at ${inFlight} per transaction reaches ${fmt(ratioOf(rawAtBatchPerSecond, rawPerSecond) ?? 0, 2)} of raw at 100) ` +
      `and the product's own cost; per round: ${subjects.map((m, i) => fmt(ratioOf(m.perSecond, rawAtBatch[i].perSecond) ?? 0, 2)).join(', ')}; ` +
      `CPU per append: raw at ${inFlight} ${fmt(medianOf(rawAtBatch, (m) => m.cpuUsPerAppend), 1)} µs`,
    data: { rawAtBatch },
  });
  rows.push(...(await measurePeer(mode, rawPerSecond, productPerSecond)));
  return rows;
}

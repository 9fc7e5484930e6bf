/**
 * Part 2 — usage ingestion, 1,000 records per request, through the command path (CommandService →
 * decide RecordUsage → durable append), against raw better-sqlite3 inserting the same records with the
 * same durability (WAL, synchronous=FULL, one transaction per 1,000).
 */
import type { Mode } from '../lib/mode';
import { alternate, medianOf, runWorker } from '../lib/measure';
import { fmt, fmtMs, ratioOf, type Row } from '../lib/results';
import { scratchDir } from '../lib/scratch';
import { WARM_UP_REQUESTS } from '../lib/usage-records';
import type { UsageMeasure } from '../workers/usage-worker';

const PART = '2 usage ingestion';

export async function runUsageIngestion(mode: Mode): Promise<Row[]> {
  const { requests, recordsPerRequest, members, maxSeconds } = mode.usage;
  const timeoutMs = (maxSeconds + 120) * 1000;
  const worker = (subject: string, inFlight: number, rowsFile?: string) => () =>
    runWorker<UsageMeasure>('usage-worker', [subject, requests, recordsPerRequest, members, inFlight, maxSeconds, ...(rowsFile ? [rowsFile] : [])], timeoutMs);
  // Each product run leaves the rows it stored in rowsFile; stored-rows then inserts them raw.
  const scratch = scratchDir('usage-rows');
  const rowsFile = scratch.file('rows.json');
  const storedRows: UsageMeasure[] = [];
  const productThenItsRows = async (): Promise<UsageMeasure> => {
    const measure = await worker('product', 1, rowsFile)();
    storedRows.push(await worker('stored-rows', 1, rowsFile)());
    return measure;
  };
  const { references, subjects } = await alternate(mode.usage.rounds, worker('raw', 1), productThenItsRows).finally(() => scratch.remove());
  const raw = medianOf(references, (m) => m.recordsPerSecond);
  const product = medianOf(subjects, (m) => m.recordsPerSecond);
  const ratio = ratioOf(product, raw);
  const first = subjects[0];
  const rows: Row[] = [
    {
      part: PART,
      name: `RecordUsage via CommandService, ${fmt(recordsPerRequest)} records/request, 1 in flight, ${fmt(first.requests)} requests, ${fmt(members)} members`,
      figure: `${fmt(product)} records/s · p50 ${fmtMs(medianOf(subjects, (m) => m.p50Ms))} · p99 ${fmtMs(medianOf(subjects, (m) => m.p99Ms))} per request`,
      reference: `raw better-sqlite3, same records, 1 transaction/1,000: ${fmt(raw)} records/s`,
      ratio,
      goal: { text: '≥ 0.7 of raw', met: ratio !== undefined && ratio >= 0.7 && first.charged === first.records },
      notes: `medians of ${subjects.length} alternating rounds (raw, product; fresh processes), each after ${WARM_UP_REQUESTS} untimed warm-up requests: ratios ${subjects.map((m, i) => fmt(ratioOf(m.recordsPerSecond, references[i].recordsPerSecond) ?? 0, 2)).join(', ')}; WAL + synchronous=FULL on both; ${fmt(first.charged ?? 0)} of ${fmt(first.records)} records charged; CPU per request (all threads): ${fmtMs(medianOf(subjects, (m) => m.cpuMsPerRequest))} vs raw ${fmtMs(medianOf(references, (m) => m.cpuMsPerRequest))}; the command path without HTTP (see part 1 for HTTP)`,
      data: { references, subjects },
    },
  ];
  const stored = medianOf(storedRows, (m) => m.recordsPerSecond);
  rows.push({
    part: PART,
    name: 'the same product runs, against the rows they stored',
    figure: `${fmt(product)} records/s`,
    reference: `raw better-sqlite3 inserting those rows byte for byte, 1 transaction/1,000: ${fmt(stored)} records/s`,
    ratio: ratioOf(product, stored),
    notes: `informative (no goal): splits the gap to raw into the stored rows' size and the command path; a stored row is ${fmt(medianOf(subjects, (m) => m.rowBytes ?? 0))} bytes (the charge's fields in data, the hash chain's chainSeq, prevHash and hash in metadata), raw's ${fmt(medianOf(references, (m) => m.rowBytes ?? 0))}; raw inserting the stored rows reaches ${(ratioOf(stored, raw) ?? 0).toFixed(2)} of raw; ledger snapshots (written by the product, not here) excluded; CPU per 1,000 rows: ${fmtMs(medianOf(storedRows, (m) => m.cpuMsPerRequest))}`,
    data: { storedRows },
  });
  const concurrent = await worker('product', 4)();
  rows.push({
    part: PART,
    name: 'the same, 4 requests in flight (one Manager: its writer batches them)',
    figure: `${fmt(concurrent.recordsPerSecond)} records/s · p99 ${fmtMs(concurrent.p99Ms)} per request`,
    reference: `raw: ${fmt(raw)} records/s`,
    ratio: ratioOf(concurrent.recordsPerSecond, raw),
    notes: 'informative (no goal)',
    data: { concurrent },
  });
  return rows;
}

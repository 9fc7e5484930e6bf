/**
 * Part 5 — audit verification as an auditor runs it: the CLI's `verify` (apps/cli; the same
 * `verifyLog` of libs/audit that `POST …/audit/verify` runs) over the log of part 4 — 1,000,000 usage
 * events plus their set-up in `--full`, 100,000 in quick mode, whose figure is quoted per million.
 * Two rows: the log checks alone (`verify --skip-read-models`: hash chain, stream revisions, ledger
 * invariants after every ledger event) — the goal — and the whole verification (`verify`: the read
 * models rebuilt in memory from the log and compared with live ones, built first by `replay`).
 * Each run in a fresh process; the two alternate for the mode's rounds and the medians are quoted.
 */
import { symlinkSync } from 'node:fs';
import { logFixture } from '../lib/fixtures';
import type { Mode } from '../lib/mode';
import { runWorker } from '../lib/measure';
import { fmt, notAvailableRow, type Row } from '../lib/results';
import { scratchDir } from '../lib/scratch';
import { median } from '../lib/stats';
import type { VerifyMeasure, VerifyTask } from '../workers/audit-verify-worker';

const PART = '5 audit verify';
const GOAL_SECONDS_PER_MILLION = 15;

export async function runAuditVerify(mode: Mode): Promise<Row[]> {
  const { events, managers, membersPerManager } = mode.log;
  const fixture = await logFixture({ managers, membersPerManager, departmentsPerManager: 10, days: 365, maxUsageEvents: events }, 30 * 60 * 1000);
  const goalSeconds = GOAL_SECONDS_PER_MILLION * (fixture.events / 1_000_000);
  const goal = `≤ ${GOAL_SECONDS_PER_MILLION} s per 1,000,000 events (${fmt(goalSeconds, 1)} s here)`;
  // The CLI reads <dataDir>/events.sqlite and compares with <dataDir>/read.sqlite.
  const scratch = scratchDir('verify');
  try {
    symlinkSync(fixture.file, scratch.file('events.sqlite'));
    const timeoutMs = (mode.audit.maxSeconds + 60) * 1000;
    const task = (name: VerifyTask) => runWorker<VerifyMeasure>('audit-verify-worker', [scratch.dir, name], timeoutMs);
    const replay = await task('replay');
    if (!replay.available) return [notAvailableRow(PART, 'verify', 'not available yet: apps/cli has no run', goal)];
    const logRuns: VerifyMeasure[] = [];
    const fullRuns: VerifyMeasure[] = [];
    for (let round = 0; round < mode.rounds; round++) {
      logRuns.push(await task('log'));
      fullRuns.push(await task('full'));
    }
    const notes = `log: ${fmt(fixture.events)} events (${managers} Managers × ${membersPerManager} members: set-up through the command path, then ${fmt(fixture.usageEvents)} UsageCharged, a year of daily usage); live read models built by \`replay\` in ${fmt(replay.seconds!, 1)} s`;
    return [row('verify --skip-read-models (hash chain, revisions, ledger invariants)', logRuns, { text: goal }, notes), row('verify (the same, and the read models rebuilt and compared)', fullRuns, undefined, notes)];
  } finally {
    scratch.remove();
  }
}

function row(what: string, runs: VerifyMeasure[], goal: { text: string } | undefined, notes: string): Row {
  const seconds = median(runs.map((m) => m.seconds!));
  const typical = runs.find((m) => m.seconds === seconds) ?? runs[0];
  const eventsChecked = typical.eventsChecked!;
  const perMillion = (seconds / eventsChecked) * 1_000_000;
  const allOk = runs.every((m) => m.ok === true);
  return {
    part: PART,
    name: `CLI ${what}, ${fmt(eventsChecked)} events`,
    figure:
      `${fmt(seconds, 1)} s (${fmt(eventsChecked / seconds)} events/s, ${fmt(perMillion, 1)} s per million) · ` +
      `CPU ${fmt(median(runs.map((m) => m.cpuSeconds!)), 1)} s · peak RSS ${fmt(median(runs.map((m) => m.maxRssMb!)))} MB`,
    reference: 'absolute goal',
    ...(goal === undefined ? {} : { goal: { text: goal.text, met: allOk && perMillion <= GOAL_SECONDS_PER_MILLION } }),
    notes:
      `median of ${runs.length} (${runs.map((m) => fmt(m.seconds!, 1)).join(', ')} s), each in a fresh process; CLI module load ${fmt(median(runs.map((m) => m.loadSeconds!)), 2)} s not included; ` +
      `report ok=${runs.map((m) => String(m.ok)).join('/')}, readModelsMatch=${String(typical.readModelsMatch)}, ${fmt(typical.problemCount ?? 0)} problems` +
      `${typical.firstProblem ? ` (first: ${typical.firstProblem})` : ''}; ${notes}; loaded from ${typical.from}`,
    data: { runs, perMillion },
  };
}

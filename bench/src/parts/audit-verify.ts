/**
 * Part 5 — audit verification (libs/audit `verifyLog`: hash chain, stream revisions, ledger
 * invariants) of 1,000,000 events (quick: 100,000): seconds, in a fresh process.
 */
import { logFixture } from '../lib/fixtures';
import type { Mode } from '../lib/mode';
import { runWorker } from '../lib/measure';
import { fmt, notAvailableRow, type Row } from '../lib/results';
import type { VerifyMeasure } from '../workers/audit-verify-worker';

const PART = '5 audit verify';

export async function runAuditVerify(mode: Mode): Promise<Row[]> {
  const { events, managers, membersPerManager } = mode.log;
  const goalSeconds = 15 * (events / 1_000_000);
  const goal = mode.name === 'full' ? '≤ 15 s for 1,000,000 events' : `≤ 15 s per 1,000,000 events (${fmt(goalSeconds, 1)} s here)`;
  const fixture = await logFixture({ managers, membersPerManager, departmentsPerManager: 10, days: 365, maxUsageEvents: events }, 30 * 60 * 1000);
  const m = await runWorker<VerifyMeasure>('audit-verify-worker', [fixture.file], (mode.audit.maxSeconds + 60) * 1000);
  if (!m.available) return [notAvailableRow(PART, 'verifyLog', 'not available yet: libs/audit has no verifyLog', goal)];
  const perMillion = (m.seconds! / m.eventsChecked!) * 1_000_000;
  return [
    {
      part: PART,
      name: `verifyLog of the whole log, ${fmt(m.eventsChecked!)} events`,
      figure: `${fmt(m.seconds!, 1)} s (${fmt(m.eventsChecked! / m.seconds!)} events/s, ${fmt(perMillion, 0)} s per million) · peak RSS ${fmt(m.maxRssMb!)} MB`,
      reference: 'absolute goal',
      goal: { text: goal, met: m.ok === true && perMillion <= 15 },
      notes: `report ok=${String(m.ok)}, ${fmt(m.problemCount ?? 0)} problems${m.firstProblem ? ` (first: ${m.firstProblem})` : ''}; same log as part 4; loaded from ${m.from}`,
      data: { ...m },
    },
  ];
}

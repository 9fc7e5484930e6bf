/**
 * Part 6 — the spend report at each level (group, department, employee) over a year of daily data for
 * 10,000 members (quick: 1,000): p50/p99 of the query function.
 */
import { writeFileSync } from 'node:fs';
import { logFixture } from '../lib/fixtures';
import type { Mode } from '../lib/mode';
import { runWorker } from '../lib/measure';
import { scratchDir } from '../lib/scratch';
import { fmt, fmtMs, notAvailableRow, type Row } from '../lib/results';
import type { SpendMeasure } from '../workers/spend-report-worker';

const PART = '6 spend report';
const GOAL = 'p99 ≤ 20 ms';

export async function runSpendReport(mode: Mode): Promise<Row[]> {
  const { members, days, departments, queries, maxSeconds } = mode.spend;
  const fixture = await logFixture({ managers: 1, membersPerManager: members, departmentsPerManager: departments, days, maxUsageEvents: members * days }, 30 * 60 * 1000);
  const scratch = scratchDir('spend');
  try {
    // Through a file: 10,000 member ids are more than one command-line argument may hold (E2BIG).
    const fixtureFile = scratch.file('fixture.json');
    writeFileSync(fixtureFile, JSON.stringify({ managers: fixture.managers, firstDay: fixture.firstDay, lastDay: fixture.lastDay }));
    const m = await runWorker<SpendMeasure>(
      'spend-report-worker',
      [fixture.file, scratch.file('read.sqlite'), fixtureFile, queries, maxSeconds],
      (maxSeconds + 120) * 1000,
    );
    if (!m.available) return [notAvailableRow(PART, 'spend report', `not measured: ${m.why}`, GOAL)];
    return m.levels!.map(
      (level): Row => ({
        part: PART,
        name: `getSpendReport, ${level.level} level, ${fixture.firstDay}…${fixture.lastDay} by day (${level.periods} periods), ${fmt(members)} members`,
        figure: `p50 ${fmtMs(level.p50Ms)} · p99 ${fmtMs(level.p99Ms)} (max ${fmtMs(level.maxMs)}, ${level.queries} queries)`,
        reference: 'absolute goal',
        goal: { text: GOAL, met: level.p99Ms <= 20 },
        notes: `${fmt(fixture.usageEvents)} daily usage events (one per member per day); read models built by the projector in ${fmt(m.buildSeconds!, 1)} s (not timed); SqliteReadStore file; ${m.from}`,
        data: { ...level, buildSeconds: m.buildSeconds },
      }),
    );
  } finally {
    scratch.remove();
  }
}

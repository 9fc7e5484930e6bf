import fc from 'fast-check';
import { decide, DomainError, RecordUsageDecider, type Decision, type DecisionContext, type RecordUsage, type UsageRecord } from '@skype-manager/domain';
import {
  aManager,
  cmd,
  NOW,
  Simulation,
  simulationStart,
  stepArbitrary,
  type SimulationStep,
} from '@skype-manager/testing';
import { referenceRecordUsage } from './test-support/reference-record-usage';

/**
 * RecordUsage is decided by an implementation tuned for 1,000-record batches (usage.ts). This seeded
 * differential test holds it to the straightforward one it replaced: on random command sequences, every
 * RecordUsage decides exactly the same events (or the same refusal) as the reference. Replay a failure
 * with `FC_SEED=<seed> FC_PATH=<path> npx jest record-usage.equivalence`.
 */
const RUNS = Number(process.env.FC_RUNS ?? 1_000);
const start = simulationStart();

type Outcome = { decided: Decision } | { refused: string; message: string };

function outcomeOf(run: () => Decision): Outcome {
  try {
    return { decided: run() };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { refused: error.rule, message: error.message };
  }
}

let compared = 0;

/**
 * The same command decided in parts of `size` records (RecordUsageDecider, as the application hands
 * a large batch to the store part by part): the parts' events, in order, are the whole decision.
 */
function decidedInParts(ctx: DecisionContext, command: RecordUsage, size: number): Outcome {
  return outcomeOf(() => {
    const decider = new RecordUsageDecider(ctx, command);
    const ledger = [];
    let parts = 0;
    while (!decider.done) {
      ledger.push(...decider.next(size));
      parts += 1;
    }
    expect(parts).toBe(Math.ceil(command.data.records.length / size));
    expect(decider.next(size)).toEqual([]);
    return { manager: [], ledger, member: [], accountName: [] };
  });
}

const PART_SIZES = [1, 7, 100];

function runSequence(steps: SimulationStep[]): void {
  const scenario = start.clone();
  const simulation = new Simulation(scenario);
  for (const step of steps) {
    const command = simulation.commandOf(step);
    if (!command) continue;
    const ctx = scenario.streams.contextFor(command);
    const outcome = outcomeOf(() => decide(ctx, command));
    if (command.type === 'RecordUsage') {
      // Key order matters too (stored data keeps it): compare the JSON text, not only deep equality.
      expect(JSON.stringify(outcome)).toBe(JSON.stringify(outcomeOf(() => referenceRecordUsage(ctx, command))));
      for (const size of PART_SIZES) expect(JSON.stringify(decidedInParts(ctx, command, size))).toBe(JSON.stringify(outcome));
      compared += 1;
    }
    if ('decided' in outcome) scenario.streams.append(command, ctx, outcome.decided);
  }
}

describe('Record usage, tuned for large batches', () => {
  it('should decide exactly what the straightforward implementation decides', () => {
    const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
    fc.assert(fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 40, size: 'max' }), runSequence), {
      numRuns: RUNS,
      seed,
      path: process.env.FC_PATH,
    });
    expect(compared).toBeGreaterThan(RUNS);
  }, 120_000);

  it('should decide crowded batches (few members, caps, top-ups, two months, repeats) exactly as before', () => {
    const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
    fc.assert(fc.property(crowdedBatch, compareCrowded), { numRuns: Math.ceil(RUNS / 3), seed, path: process.env.FC_PATH });
  }, 120_000);

  it('should refuse malformed batches exactly as before', () => {
    const scenario = start.clone();
    const simulation = new Simulation(scenario);
    const command = simulation.commandOf({
      kind: 'usage',
      records: [{ member: 'm-1', usage: 1, kind: 'call', destination: '+33612345678', costMinor: 5, offsetMinutes: 0 }],
    });
    if (command?.type !== 'RecordUsage') throw new Error('expected a RecordUsage command');
    const ctx = scenario.streams.contextFor(command);
    const broken = [
      { ...command, data: { ...command.data, records: [] } },
      { ...command, data: { ...command.data, topUpIds: [] } },
      { ...command, data: { ...command.data, records: [{ ...command.data.records[0], costMinor: -1 }] } },
      { ...command, data: { ...command.data, records: [{ ...command.data.records[0], startedAt: 'yesterday' }] } },
    ];
    for (const bad of broken) {
      const ours = outcomeOf(() => decide(ctx, bad));
      expect('refused' in ours).toBe(true);
      expect(ours).toEqual(outcomeOf(() => referenceRecordUsage(ctx, bad)));
    }
  });
});

const MEMBERS = ['m-a', 'm-b', 'm-c'];
const DAY_MS = 86_400_000;
const memberSetUp = fc.record({
  balanceMinor: fc.oneof(fc.integer({ min: 0, max: 12 }).map((n) => n * 50), fc.integer({ min: 0, max: 2_000 })),
  // Round figures, so a charge often lands exactly on a cap or a limit.
  cap: fc.option(fc.integer({ min: 0, max: 30 }).map((n) => n * 50)),
  rule: fc.option(
    fc.record({
      topUpToMinor: fc.oneof(fc.integer({ min: 1, max: 12 }).map((n) => n * 50), fc.integer({ min: 1, max: 2_000 })),
      below: fc.double({ min: 0, max: 0.99, noNaN: true }),
      monthlyLimitMinor: fc.option(fc.integer({ min: 1, max: 60 }).map((n) => n * 50)),
    }),
  ),
});
/** Many records for three members (and one stranger), spread over the end of one month and the start of the next. */
const crowdedBatch = fc.record({
  // Often small: top-ups then run the pool dry within the batch.
  poolMinor: fc.oneof(fc.integer({ min: 0, max: 12 }).map((n) => n * 50), fc.integer({ min: 0, max: 5_000 })),
  members: fc.tuple(memberSetUp, memberSetUp, memberSetUp),
  records: fc.array(
    fc.record({
      member: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...MEMBERS) }, { weight: 1, arbitrary: fc.constant('m-stranger') }),
      usage: fc.nat(40),
      costMinor: fc.oneof(
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 6 }).map((n) => n * 50) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 300 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 3_000 }) },
      ),
      dayOffset: fc.integer({ min: -37, max: 2 }),
      sms: fc.boolean(),
    }),
    { minLength: 1, maxLength: 120 },
  ),
});

function compareCrowded(batch: typeof crowdedBatch extends fc.Arbitrary<infer T> ? T : never): void {
  const scenario = aManager().withDepartment('dep-a').withCredit(batch.poolMinor + 1);
  batch.members.forEach((m, i) => {
    const memberId = MEMBERS[i];
    scenario.withActiveMember(memberId, { departmentId: i === 0 ? 'dep-a' : null, balanceMinor: m.balanceMinor });
    if (m.cap !== null) scenario.withPermissions(memberId, { monthlySpendLimitMinor: m.cap });
    if (m.rule !== null) {
      const { topUpToMinor, below, monthlyLimitMinor } = m.rule;
      scenario.withAutoAllocation(memberId, { topUpToMinor, whenBelowMinor: Math.floor(topUpToMinor * below), monthlyLimitMinor });
    }
  });
  const nowMs = Date.parse(NOW);
  const records = batch.records.map(
    (r, i): UsageRecord => ({
      usageId: `u-${r.usage}`,
      memberId: r.member,
      kind: r.sms ? 'sms' : 'call',
      destination: '+33612345678',
      startedAt: new Date(nowMs + r.dayOffset * DAY_MS - i * 60_000).toISOString(),
      durationSeconds: r.sms ? 0 : 60,
      costMinor: r.costMinor,
    }),
  );
  const command = cmd.recordUsage(...records);
  const ctx = scenario.streams.contextFor(command);
  const ours = outcomeOf(() => decide(ctx, command));
  expect(JSON.stringify(ours)).toBe(JSON.stringify(outcomeOf(() => referenceRecordUsage(ctx, command))));
  for (const size of PART_SIZES) expect(JSON.stringify(decidedInParts(ctx, command, size))).toBe(JSON.stringify(ours));
  if ('decided' in ours) {
    const types = ours.decided.ledger.map((e) => (e.type === 'UsageRejected' ? e.data.reason : e.type));
    for (const type of new Set(types)) crowdedSeen.set(type, (crowdedSeen.get(type) ?? 0) + 1);
  }
}
const crowdedSeen = new Map<string, number>();
afterAll(() => {
  if (process.env.FC_STATS) console.log(Object.fromEntries(crowdedSeen));
});

import fc from 'fast-check';
import {
  decide,
  DomainError,
  foldLedger,
  ledgerInvariantViolations,
  monthOf,
  streamIds,
  type Decision,
  type LedgerEvent,
  type OpenLedger,
} from '@skype-manager/domain';
import {
  sameData,
  Simulation,
  simulationStart,
  stepArbitrary,
  type SimulationStep,
} from '@skype-manager/testing';

/**
 * Seeded simulation of the ledger: thousands of random command sequences, with the money invariants
 * checked after every step. A failure prints its seed and path; replay it with
 * `FC_SEED=<seed> FC_PATH=<path> npx jest ledger.property`.
 */
const RUNS = Number(process.env.FC_RUNS ?? 2_000);
const start = simulationStart();
const ledgerStream = streamIds.ledger(start.managerId);
const seen = new Map<string, number>();
const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);

function openLedger(ledger: unknown): OpenLedger {
  if ((ledger as OpenLedger).status !== 'open') throw new Error('the ledger is not open');
  return ledger as OpenLedger;
}

/** What must hold of the events a step appended, given the ledger after them. */
function checkAppended(ledger: OpenLedger, appended: LedgerEvent[], charged: Set<string>): void {
  for (const event of appended) {
    count(event.type === 'CreditAllocated' ? `CreditAllocated:${event.data.reason}` : event.type);
    if (event.type === 'UsageRejected') count(`UsageRejected:${event.data.reason}`);
    if (event.type === 'UsageCharged') {
      // A usage id is charged at most once, ever.
      if (charged.has(event.data.usageId)) throw new Error(`usage ${event.data.usageId} charged twice`);
      charged.add(event.data.usageId);
      const member = ledger.members[event.data.memberId];
      const cap = member.permissions.monthlySpendLimitMinor;
      const spent = member.spentByMonth[monthOf(event.data.startedAt)] ?? 0;
      if (cap !== null && spent > cap)
        throw new Error(`member ${member.memberId} spent ${spent} over the cap ${cap}`);
    }
    if (
      event.type === 'CreditAllocated' &&
      event.data.reason === 'auto-top-up' &&
      event.data.to.type === 'member'
    ) {
      const member = ledger.members[event.data.to.memberId];
      const limit = member.autoAllocation?.monthlyLimitMinor ?? null;
      const topped = member.autoAllocatedByMonth[event.data.month ?? ''] ?? 0;
      if (limit !== null && topped > limit)
        throw new Error(`member ${member.memberId} topped up ${topped} over ${limit}`);
    }
  }
}

/** Invariants of the state itself: no negative account, conservation, numbers and removed members. */
function checkLedger(ledger: OpenLedger): void {
  const problems = ledgerInvariantViolations(ledger);
  const numbered = Object.values(ledger.grants).filter((g) => g.number !== null);
  if (numbered.length !== Object.keys(ledger.numbers).length) problems.push('a number is assigned twice');
  for (const grant of numbered)
    if (ledger.numbers[grant.number as string] !== grant.grantId)
      problems.push(`number of ${grant.grantId} lost`);
  for (const grant of Object.values(ledger.grants)) {
    if (ledger.members[grant.memberId]?.status !== 'active')
      problems.push(`grant ${grant.grantId} of an inactive member`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}

/** The state as text: cheap to take before and after each step (key order follows the same events). */
const fingerprint = (value: unknown) => JSON.stringify(value);

function runSequence(steps: SimulationStep[]): void {
  const scenario = start.clone();
  const simulation = new Simulation(scenario);
  const charged = new Set<string>();
  for (const step of steps) {
    const command = simulation.commandOf(step);
    if (!command) continue;
    const ctx = scenario.streams.contextFor(command);
    const before = fingerprint(ctx);
    let decided: Decision;
    try {
      decided = decide(ctx, command);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error; // a crash is a bug, not a refusal
      count(`refused:${error.rule}`);
      // A refusal appends nothing and leaves every stream's state as it was.
      if (fingerprint(ctx) !== before)
        throw new Error(`${command.type} refused (${error.rule}) but changed the state`);
      continue;
    }
    if (fingerprint(ctx) !== before) throw new Error(`deciding ${command.type} changed the state`);
    count(`decided:${command.type}`);
    scenario.streams.append(command, ctx, decided);
    const ledger = openLedger(scenario.streams.ledgerState(scenario.managerId));
    checkAppended(ledger, decided.ledger, charged);
    checkLedger(ledger);
    // Folding every event as appended (copies, which evolving cannot alter) gives the state built step by step.
    const replayed = foldLedger(scenario.streams.events(ledgerStream) as LedgerEvent[]);
    if (fingerprint(replayed) !== fingerprint(ledger) && !sameData(replayed, ledger))
      expect(replayed).toEqual(ledger);
  }
  // And so do the manager, member and account-name streams.
  expect(scenario.streams.replayMismatches()).toEqual([]);
}

describe('Ledger simulation', () => {
  describe('When thousands of random command sequences run against a Manager', () => {
    it('should keep every account non-negative, conserve credit, append nothing on refusal and replay to the same state', () => {
      const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
      fc.assert(
        fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 40, size: 'max' }), runSequence),
        {
          numRuns: RUNS,
          seed,
          path: process.env.FC_PATH,
        },
      );
      // The sequences must reach the interesting paths, or the property proves little.
      const minimum = process.env.FC_PATH ? 0 : Math.ceil(RUNS / 100);
      const rarelyReached: Record<string, number> = {};
      for (const key of [
        'UsageCharged',
        'UsageRejected',
        'CreditAllocated:manual',
        'CreditAllocated:auto-top-up',
        'CreditReclaimed',
        'FeatureGranted',
        'FeatureRevoked',
        'MemberAccountClosed',
        'MemberMovedToDepartment',
        'CreditPurchased',
        'refused:insufficient-credit',
        'refused:member-not-in-department',
        'refused:number-already-assigned',
        'refused:duplicate-payment-reference',
        'UsageRejected:monthly-spend-limit-reached',
        'UsageRejected:usage-too-old',
        'UsageRejected:usage-in-future',
      ]) {
        if ((seen.get(key) ?? 0) < minimum) rarelyReached[key] = seen.get(key) ?? 0;
      }
      if (process.env.FC_STATS)
        console.log(Object.fromEntries([...seen].sort(([a], [b]) => a.localeCompare(b))));
      expect(rarelyReached).toEqual({});
    }, 120_000); // ~6 s alone; more on a busy machine (and when shrinking a failure)
  });
});

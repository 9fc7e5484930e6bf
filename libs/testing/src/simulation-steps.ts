import fc from 'fast-check';
import {
  FEATURES,
  MAX_AMOUNT_MINOR,
  type AutoAllocationRule,
  type CreditAccount,
  type Destinations,
  type Feature,
  type UsageKind,
} from '@skype-manager/domain';
import { PHONE } from './commands';

/**
 * Random command sequences over one Manager, for seeded simulation: a few departments, members in every
 * state, real and bad phone numbers, amounts from tiny to far too large. Steps are plain data (so
 * fast-check can print and shrink them); `Simulation.commandOf` turns each into a command.
 */
const DEPARTMENTS = ['dep-a', 'dep-b', 'dep-c', 'dep-ghost'];
const MEMBERS = ['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6', 'm-7', 'm-8', 'm-ghost'];
const NEWCOMERS = ['m-6', 'm-7', 'm-8'];
const NUMBERS = [PHONE.paris, PHONE.frenchMobile, '+3312'];
const DESTINATIONS = [PHONE.paris, PHONE.frenchMobile, PHONE.london, PHONE.newYork, PHONE.freephone];
const BAD_DESTINATIONS = ['+3312', 'anonymous'];
export const MINUTES_PER_DAY = 24 * 60;

const member = fc.constantFrom(...MEMBERS);
/** Mostly the members active from the start, who can actually spend. */
const spender = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MEMBERS.slice(0, 5)) },
  { weight: 1, arbitrary: member },
);
const department = fc.constantFrom(...DEPARTMENTS);
const amount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 3_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 60_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -50, 12.5, MAX_AMOUNT_MINOR + 1) },
);
const company = fc.constant<CreditAccount>({ type: 'company' });
const departmentAccount = department.map((departmentId): CreditAccount => ({
  type: 'department',
  departmentId,
}));
const memberAccount = spender.map((memberId): CreditAccount => ({ type: 'member', memberId }));
/** Mostly the allowed directions (pool → department → member), sometimes the refused ones. */
const source = fc.oneof(
  { weight: 3, arbitrary: company },
  { weight: 2, arbitrary: departmentAccount },
  { weight: 1, arbitrary: memberAccount },
);
const target = fc.oneof(
  { weight: 3, arbitrary: memberAccount },
  { weight: 2, arbitrary: departmentAccount },
  { weight: 1, arbitrary: company },
);
/** Sometimes a movement takes all (or half) of what its source holds: the exact boundaries. */
const share = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(1, 0.5) },
);
const validRule = fc
  .record({
    topUpToMinor: fc.integer({ min: 1, max: 3_000 }),
    ratio: fc.double({ min: 0, max: 0.99, noNaN: true }),
    monthlyLimitMinor: fc.option(fc.integer({ min: 1, max: 5_000 })),
  })
  .map(({ topUpToMinor, ratio, monthlyLimitMinor }) => ({
    topUpToMinor,
    whenBelowMinor: Math.floor(topUpToMinor * ratio),
    monthlyLimitMinor,
  }));
const anyRule = fc.record({
  topUpToMinor: fc.integer({ min: -10, max: 3_000 }),
  whenBelowMinor: fc.integer({ min: -10, max: 3_000 }),
  monthlyLimitMinor: fc.option(fc.integer({ min: -1, max: 5_000 })),
});
const rule: fc.Arbitrary<AutoAllocationRule | null> = fc.oneof(
  { weight: 5, arbitrary: validRule },
  { weight: 1, arbitrary: anyRule },
  { weight: 1, arbitrary: fc.constant(null) },
);
const usageRecord = fc.record({
  member: spender,
  usage: fc.nat(80),
  kind: fc.constantFrom<UsageKind>('call', 'sms'),
  destination: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...DESTINATIONS) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_DESTINATIONS) },
  ),
  costMinor: fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 800 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 5_000 }) },
  ),
  /** From 40 days before the clock to 3 days after it. */
  offsetMinutes: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -3 * MINUTES_PER_DAY, max: 0 }) },
    { weight: 1, arbitrary: fc.integer({ min: -40 * MINUTES_PER_DAY, max: 3 * MINUTES_PER_DAY }) },
  ),
});

export const stepArbitrary = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('purchase' as const),
      amountMinor: amount,
      reference: fc.nat(6),
      foreign: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      from: source,
      to: target,
      amountMinor: amount,
      share,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('reclaim' as const),
      from: fc.oneof(target, source),
      amountMinor: fc.option(amount),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('grant' as const),
      member: spender,
      feature: fc.oneof(fc.constant<Feature>('online-number'), fc.constantFrom(...FEATURES)),
      number: fc.constantFrom(...NUMBERS),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revoke' as const), member, grant: fc.nat(30) }) },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('usage' as const),
      records: fc.array(usageRecord, { minLength: 1, maxLength: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('permissions' as const),
      member,
      features: fc.subarray([...FEATURES]),
      destinations: fc.constantFrom<Destinations>('none', 'domestic', 'international'),
      cap: fc.option(fc.integer({ min: 0, max: 4_000 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('auto-allocation' as const), member: spender, rule }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('move' as const), member, department: fc.option(department) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), member }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invite' as const),
      member: fc.constantFrom(...NEWCOMERS),
      department: fc.option(department),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('accept' as const), member: fc.constantFrom(...NEWCOMERS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('catalogue' as const),
      feature: fc.constantFrom(...FEATURES),
      price: fc.integer({ min: -1, max: 3_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close-department' as const), department }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      minutes: fc.integer({ min: 1, max: 4 * MINUTES_PER_DAY }),
    }),
  },
);
export type SimulationStep = typeof stepArbitrary extends fc.Arbitrary<infer S> ? S : never;

import type { CreditAccount, DomainEvent } from '@skype-manager/domain';
import { EventLog } from './event-log';
import { usage } from './sample-history';

/**
 * A seeded, plausible history of many Managers for runtime specs and the rebuild benchmark: set-up,
 * departments, members invited and accepted, purchases and allocations, then mostly usage over many
 * days, with feature grants, department moves, reclaims and removals mixed in. Same seed, same history.
 */
export interface GeneratedEvent {
  streamId: string;
  managerId: string;
  occurredAt: string;
  event: DomainEvent;
}

export interface HistoryShape {
  managers: number;
  membersPerManager: number;
  departmentsPerManager: number;
  /** Total events to produce (the set-up of every Manager comes first). */
  events: number;
  seed?: number;
  /** Days the usage spreads over, from 2025-01-01. */
  days?: number;
}

/** mulberry32: tiny, fast and good enough to make histories varied and reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DAY_MS = 86_400_000;
const START_MS = Date.parse('2025-01-01T00:00:00.000Z');

export function* generateHistory(shape: HistoryShape): Generator<GeneratedEvent> {
  const random = seededRandom(shape.seed ?? 42);
  const pick = (n: number) => Math.floor(random() * n);
  const days = shape.days ?? 365;
  let produced = 0;
  let clockMs = START_MS;
  const emit = (streamId: string, managerId: string, event: DomainEvent): GeneratedEvent => {
    produced += 1;
    return { streamId, managerId, occurredAt: new Date(clockMs).toISOString(), event };
  };
  const departmentOf: string[][] = [];
  for (let m = 0; m < shape.managers; m++) {
    const managerId = `gm-${m}`;
    const ledger = `ledger-${managerId}`;
    yield emit(`manager-${managerId}`, managerId, {
      type: 'ManagerSetUp',
      data: { managerId, name: `Company ${m}`, adminAccount: `admin.c${m}`, currency: 'EUR', country: 'FR' },
    });
    yield emit(ledger, managerId, {
      type: 'LedgerOpened',
      data: { managerId, currency: 'EUR', country: 'FR' },
    });
    for (let d = 0; d < shape.departmentsPerManager; d++) {
      yield emit(`manager-${managerId}`, managerId, {
        type: 'DepartmentCreated',
        data: { departmentId: `gd-${m}-${d}`, name: `Dept ${d}` },
      });
      yield emit(ledger, managerId, {
        type: 'DepartmentBudgetOpened',
        data: { departmentId: `gd-${m}-${d}` },
      });
    }
    departmentOf.push([]);
    for (let i = 0; i < shape.membersPerManager; i++) {
      const memberId = `gmem-${m}-${i}`;
      const departmentId = `gd-${m}-${i % Math.max(1, shape.departmentsPerManager)}`;
      departmentOf[m].push(departmentId);
      yield emit(`member-${memberId}`, managerId, {
        type: 'MemberInvited',
        data: {
          memberId,
          managerId,
          email: `${memberId}@example.com`,
          account: null,
          displayName: `Member ${i}`,
          departmentId,
          invitationTokenHash: 'h',
          expiresAt: '2025-02-01T00:00:00.000Z',
        },
      });
      yield emit(ledger, managerId, {
        type: 'MemberAccountOpened',
        data: { memberId, departmentId, displayName: `Member ${i}` },
      });
      yield emit(`member-${memberId}`, managerId, {
        type: 'InvitationAccepted',
        data: { memberId, account: `acc.${memberId}`, apiKeyHash: 'k' },
      });
      yield emit(ledger, managerId, { type: 'MemberAccountActivated', data: { memberId } });
    }
    yield emit(ledger, managerId, {
      type: 'CreditPurchased',
      data: {
        purchaseId: `gp-${m}-0`,
        amountMinor: 100_000_000,
        currency: 'EUR',
        paymentReference: `PAY-${m}-0`,
      },
    });
  }
  let sequence = 0;
  while (produced < shape.events) {
    sequence += 1;
    // Time moves forward so that the usage spreads evenly over the days.
    clockMs = START_MS + Math.floor((sequence / Math.max(1, shape.events)) * days * DAY_MS);
    const m = pick(shape.managers);
    const managerId = `gm-${m}`;
    const memberIndex = pick(shape.membersPerManager);
    const memberId = `gmem-${m}-${memberIndex}`;
    const departmentId = departmentOf[m][memberIndex];
    const roll = random();
    const ledger = `ledger-${managerId}`;
    let event: DomainEvent;
    if (roll < 0.9) {
      event = usage(
        `gu-${sequence}`,
        memberId,
        departmentId,
        new Date(clockMs).toISOString(),
        1 + pick(200),
        roll < 0.8 ? 'call' : 'sms',
      );
    } else if (roll < 0.95) {
      const to: CreditAccount = { type: 'member', memberId };
      event = {
        type: 'CreditAllocated',
        data: {
          allocationId: `ga-${sequence}`,
          from: { type: 'company' },
          to,
          amountMinor: 5_000,
          reason: 'manual',
        },
      };
    } else if (roll < 0.97) {
      event = {
        type: 'FeatureGranted',
        data: {
          grantId: `gg-${sequence}`,
          memberId,
          departmentId,
          feature: 'voicemail',
          category: 'other',
          options: {},
          chargedMinor: 200,
        },
      };
    } else if (roll < 0.98) {
      event = {
        type: 'FeatureRevoked',
        data: { grantId: `gg-${sequence - 1}`, memberId, feature: 'voicemail', reason: 'revoked' },
      };
    } else if (roll < 0.99) {
      event = {
        type: 'CreditReclaimed',
        data: {
          reclaimId: `gr-${sequence}`,
          from: { type: 'member', memberId },
          amountMinor: 1,
          reason: 'manual',
        },
      };
    } else {
      event = {
        type: 'CreditPurchased',
        data: {
          purchaseId: `gp-${sequence}`,
          amountMinor: 1_000_000,
          currency: 'EUR',
          paymentReference: `PAY-${sequence}`,
        },
      };
    }
    yield emit(ledger, managerId, event);
  }
}

/** A generated history as recorded events, in memory (for specs; the benchmark streams instead). */
export function generatedLog(shape: HistoryShape): EventLog {
  const log = new EventLog();
  for (const item of generateHistory(shape))
    log.record(item.streamId, item.managerId, item.event, item.occurredAt);
  return log;
}

import type { RecordUsage, UsageRecord } from '../commands';
import { decision, requireLedger, type Decision, type DecisionContext } from '../decision';
import { accountData, COMPANY } from '../shared/accounts';
import { invalid } from '../shared/errors';
import type { Destinations } from '../shared/features';
import { isNonNegativeAmountMinor } from '../shared/money';
import { parseE164 } from '../shared/phone-numbers';
import { epochDay, isIsoInstant, monthOf } from '../shared/time';
import type { LedgerEvent, UsageRejectionReason } from './ledger.events';
import { USAGE_WINDOW_DAYS, type MemberAccount, type OpenLedger } from './ledger.state';

/** At most this many usage records in one command. */
export const MAX_USAGE_RECORDS = 1000;

/** One member's figures while a batch is decided: the account's, moved by the batch's charges and top-ups. */
interface MemberFigures {
  readonly account: MemberAccount;
  balanceMinor: number;
  /** Months this batch charged or topped up: their totals so far (the account's plus the batch's). */
  readonly spentByMonth: Map<string, number>;
  readonly autoAllocatedByMonth: Map<string, number>;
}

/**
 * The working figures while a batch of records is decided in order: each charge lowers what the next
 * record may spend. The ledger state itself is never changed by a decision. One entry per member the
 * batch touches (not one copy of anything per record): a 1,000-record batch is decided in about a
 * millisecond.
 */
class Working {
  private readonly members = new Map<string, MemberFigures>();
  readonly seen = new Set<string>();
  company: number;

  constructor(private readonly ledger: OpenLedger) {
    this.company = ledger.companyMinor;
  }
  figuresOf(account: MemberAccount): MemberFigures {
    let figures = this.members.get(account.memberId);
    if (figures === undefined) {
      figures = { account, balanceMinor: account.balanceMinor, spentByMonth: new Map(), autoAllocatedByMonth: new Map() };
      this.members.set(account.memberId, figures);
    }
    return figures;
  }
  isDuplicate(usageId: string): boolean {
    return this.seen.has(usageId) || this.ledger.usageSeen[usageId] !== undefined;
  }
}

function spentIn(figures: MemberFigures, month: string): number {
  return figures.spentByMonth.get(month) ?? figures.account.spentByMonth[month] ?? 0;
}

function autoAllocatedIn(figures: MemberFigures, month: string): number {
  return figures.autoAllocatedByMonth.get(month) ?? figures.account.autoAllocatedByMonth[month] ?? 0;
}

function charge(figures: MemberFigures, month: string, costMinor: number): void {
  figures.balanceMinor -= costMinor;
  figures.spentByMonth.set(month, spentIn(figures, month) + costMinor);
}

function topUp(w: Working, figures: MemberFigures, month: string, amountMinor: number): void {
  w.company -= amountMinor;
  figures.balanceMinor += amountMinor;
  figures.autoAllocatedByMonth.set(month, autoAllocatedIn(figures, month) + amountMinor);
}

export function destinationAllowed(
  allowed: Destinations,
  destination: string,
  homeCountry: string,
): UsageRejectionReason | null {
  const parsed = parseE164(destination);
  if (!parsed) return 'invalid-destination';
  if (allowed === 'none') return 'destination-not-allowed';
  if (allowed === 'domestic' && parsed.country !== homeCountry) return 'destination-not-allowed';
  return null;
}

/** Shared with the differential test's reference decider (the rewrite did not change it). */
export function checkRecordShape(record: UsageRecord, index: number): void {
  const field = (name: string) => `records[${index}].${name}`;
  if (typeof record.usageId !== 'string' || record.usageId.length === 0 || record.usageId.length > 200) {
    invalid(field('usageId'), 'usageId must be a non-empty string of at most 200 characters');
  }
  if (record.kind !== 'call' && record.kind !== 'sms') invalid(field('kind'), "kind must be 'call' or 'sms'");
  if (!isIsoInstant(record.startedAt)) invalid(field('startedAt'), 'startedAt must be an ISO-8601 instant');
  if (!Number.isSafeInteger(record.durationSeconds) || record.durationSeconds < 0) {
    invalid(field('durationSeconds'), 'durationSeconds must be a non-negative integer');
  }
  if (!isNonNegativeAmountMinor(record.costMinor)) invalid(field('costMinor'), 'costMinor must be an integer ≥ 0');
}

/** Why a record may not be charged, or null when it may. Checked in this order. */
function refusal(ledger: OpenLedger, w: Working, record: UsageRecord, today: number): UsageRejectionReason | null {
  const day = epochDay(record.startedAt);
  if (day > today + 1) return 'usage-in-future';
  if (day < today - USAGE_WINDOW_DAYS || day < ledger.latestUsageDay - USAGE_WINDOW_DAYS) return 'usage-too-old';
  const member = ledger.members[record.memberId];
  if (!member || member.status !== 'active') return 'member-not-active';
  const destination = destinationAllowed(member.permissions.destinations, record.destination, ledger.country);
  if (destination) return destination;
  const cap = member.permissions.monthlySpendLimitMinor;
  if (cap !== null && spentIn(w.figuresOf(member), monthOf(record.startedAt)) + record.costMinor > cap) {
    return 'monthly-spend-limit-reached';
  }
  return null;
}

/**
 * How much an automatic top-up would add now (0 when there is no rule, no room or the pool cannot pay).
 * Shared with the differential test's reference decider (the rewrite did not change it).
 */
export function topUpAmount(member: MemberAccount, balanceMinor: number, companyMinor: number, autoAllocatedMinor: number): number {
  const rule = member.autoAllocation;
  if (!rule) return 0;
  let amountMinor = rule.topUpToMinor - balanceMinor;
  if (rule.monthlyLimitMinor !== null) amountMinor = Math.min(amountMinor, rule.monthlyLimitMinor - autoAllocatedMinor);
  // The pool must be able to pay the whole top-up: a partial one would surprise the administrator.
  if (amountMinor <= 0 || companyMinor < amountMinor) return 0;
  return amountMinor;
}

/**
 * The member's automatic top-up, applied in the same decision as the charge: before it when the
 * balance is already below the threshold or cannot pay the charge (so a member at zero is not stuck),
 * otherwise after it when the charge took the balance below the threshold. At most one per record.
 */
function autoTopUp(w: Working, figures: MemberFigures, month: string, allocationId: string): LedgerEvent | null {
  const amountMinor = topUpAmount(figures.account, figures.balanceMinor, w.company, autoAllocatedIn(figures, month));
  if (amountMinor === 0) return null;
  topUp(w, figures, month, amountMinor);
  return {
    type: 'CreditAllocated',
    // Keys in canonical (sorted) order, as in every credit event (see accountData).
    data: {
      allocationId,
      amountMinor,
      from: accountData(COMPANY),
      month,
      reason: 'auto-top-up',
      to: accountData({ type: 'member', memberId: figures.account.memberId }),
    },
  };
}

function topUpMakesAffordable(w: Working, figures: MemberFigures, month: string, costMinor: number): boolean {
  const balance = figures.balanceMinor;
  if (balance >= costMinor) return false;
  return balance + topUpAmount(figures.account, balance, w.company, autoAllocatedIn(figures, month)) >= costMinor;
}

function belowThreshold(figures: MemberFigures): boolean {
  const rule = figures.account.autoAllocation;
  return rule !== null && figures.balanceMinor < rule.whenBelowMinor;
}

/**
 * Charges each usage record to its member, or records why it was refused. A usage id seen before
 * (charged or refused) produces nothing: it is never charged twice.
 */
export function recordUsage(ctx: DecisionContext, command: RecordUsage): Decision {
  return decision({ ledger: new RecordUsageDecider(ctx, command).next(command.data.records.length) });
}

/**
 * recordUsage, decided a few records at a time: `next(n)` gives the events of the next n records.
 * The events of all the parts, in order, are exactly recordUsage's decision (one loop, one working
 * state; the ledger state is only read, and must not change until the last part is taken). The
 * command is checked when the decider is made, so a refusal comes before any part.
 *
 * Why: the application hands each part to the event store while it decides the next one
 * (EventStore.appendInParts), so a large batch's writing overlaps its deciding.
 */
export class RecordUsageDecider {
  private readonly ledger: OpenLedger;
  private readonly records: readonly UsageRecord[];
  private readonly topUpIds: readonly string[];
  private readonly w: Working;
  private readonly today: number;
  private index = 0;

  constructor(ctx: DecisionContext, command: RecordUsage) {
    this.ledger = requireLedger(ctx);
    const { records, topUpIds } = command.data;
    if (records.length === 0) invalid('records', 'give at least one usage record');
    if (records.length > MAX_USAGE_RECORDS) invalid('records', `at most ${MAX_USAGE_RECORDS} records per request`);
    if (topUpIds.length < records.length) invalid('topUpIds', 'one top-up id per record is needed');
    records.forEach(checkRecordShape);
    this.records = records;
    this.topUpIds = topUpIds;
    this.w = new Working(this.ledger);
    this.today = epochDay(command.metadata.now);
  }

  /** Every record decided. */
  get done(): boolean {
    return this.index >= this.records.length;
  }

  /** The events of the next `count` records (fewer at the end; none once done). */
  next(count: number): LedgerEvent[] {
    const { ledger, records, topUpIds, w, today } = this;
    const end = Math.min(records.length, this.index + Math.max(0, count));
    const events: LedgerEvent[] = [];
    for (let index = this.index; index < end; index++) {
      const record = records[index];
      if (w.isDuplicate(record.usageId)) continue;
      w.seen.add(record.usageId);
      const { usageId, memberId, kind, destination, durationSeconds, costMinor } = record;
      // Stored in UTC ('…Z'), so months and days are read from the text alone.
      const startedAt = new Date(record.startedAt).toISOString();
      const reason = refusal(ledger, w, record, today);
      if (reason) {
        events.push({ type: 'UsageRejected', data: { costMinor, destination, kind, memberId, reason, startedAt, usageId } });
        continue;
      }
      const figures = w.figuresOf(ledger.members[memberId]);
      const month = monthOf(startedAt);
      let toppedUp = false;
      if (belowThreshold(figures) || topUpMakesAffordable(w, figures, month, costMinor)) {
        const before = autoTopUp(w, figures, month, topUpIds[index]);
        if (before) events.push(before);
        toppedUp = before !== null;
      }
      if (figures.balanceMinor < costMinor) {
        events.push({
          type: 'UsageRejected',
          data: { costMinor, destination, kind, memberId, reason: 'insufficient-credit', startedAt, usageId },
        });
        continue;
      }
      charge(figures, month, costMinor);
      events.push({
        type: 'UsageCharged',
        // Keys in canonical (sorted) order, as in every usage event: the event store then hashes the
        // JSON text it stores instead of rendering a canonical copy of each of the thousand.
        data: {
          category: kind === 'call' ? 'calls' : 'sms',
          costMinor,
          departmentId: figures.account.departmentId,
          destination,
          durationSeconds,
          kind,
          memberId,
          startedAt,
          usageId,
        },
      });
      if (!toppedUp && belowThreshold(figures)) {
        const after = autoTopUp(w, figures, month, topUpIds[index]);
        if (after) events.push(after);
      }
    }
    this.index = end;
    return events;
  }
}

export interface UsageAuthorization {
  allowed: boolean;
  maxSpendMinor: number;
  reason?: UsageRejectionReason;
}

/** How much a member may spend right now on a call or SMS to this destination (a query, no events). */
export function authorizeUsage(
  ledger: OpenLedger,
  query: { memberId: string; destination: string; now: string },
): UsageAuthorization {
  const member = ledger.members[query.memberId];
  if (!member || member.status !== 'active') return { allowed: false, maxSpendMinor: 0, reason: 'member-not-active' };
  const destination = destinationAllowed(member.permissions.destinations, query.destination, ledger.country);
  if (destination) return { allowed: false, maxSpendMinor: 0, reason: destination };
  const month = monthOf(query.now);
  const topUp = topUpAmount(member, member.balanceMinor, ledger.companyMinor, member.autoAllocatedByMonth[month] ?? 0);
  let maxSpendMinor = member.balanceMinor + topUp;
  const cap = member.permissions.monthlySpendLimitMinor;
  if (cap !== null) {
    const left = Math.max(0, cap - (member.spentByMonth[month] ?? 0));
    if (left === 0) return { allowed: false, maxSpendMinor: 0, reason: 'monthly-spend-limit-reached' };
    maxSpendMinor = Math.min(maxSpendMinor, left);
  }
  if (maxSpendMinor <= 0) return { allowed: false, maxSpendMinor: 0, reason: 'insufficient-credit' };
  return { allowed: true, maxSpendMinor };
}


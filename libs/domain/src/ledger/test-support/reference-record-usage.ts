/**
 * The straightforward implementation of RecordUsage that usage.ts replaced for speed (commit d7ed8a6's
 * parent), kept as the oracle of the differential property test (record-usage.equivalence.spec.ts).
 * Test code only: not built. What the rewrite left unchanged (record shape checks, the top-up amount,
 * destinations) is imported from usage.ts rather than copied.
 */
import type { RecordUsage, UsageRecord } from '../../commands';
import { decision, requireLedger, type Decision, type DecisionContext } from '../../decision';
import { invalid } from '../../shared/errors';
import { epochDay, monthOf } from '../../shared/time';
import type { LedgerEvent, UsageRejectionReason } from '../ledger.events';
import { USAGE_WINDOW_DAYS, type MemberAccount, type OpenLedger } from '../ledger.state';
import { checkRecordShape, destinationAllowed, MAX_USAGE_RECORDS, topUpAmount } from '../usage';

/**
 * The working figures while a batch of records is decided in order: each charge lowers what the next
 * record may spend. The ledger state itself is never changed by a decision.
 */
class Working {
  private readonly balances = new Map<string, number>();
  private readonly spent = new Map<string, number>();
  private readonly autoAllocated = new Map<string, number>();
  readonly seen = new Set<string>();
  company: number;

  constructor(private readonly ledger: OpenLedger) {
    this.company = ledger.companyMinor;
  }
  balance(member: MemberAccount): number {
    return this.balances.get(member.memberId) ?? member.balanceMinor;
  }
  spentIn(member: MemberAccount, month: string): number {
    return this.spent.get(`${member.memberId}/${month}`) ?? member.spentByMonth[month] ?? 0;
  }
  autoAllocatedIn(member: MemberAccount, month: string): number {
    return this.autoAllocated.get(`${member.memberId}/${month}`) ?? member.autoAllocatedByMonth[month] ?? 0;
  }
  charge(member: MemberAccount, month: string, costMinor: number): void {
    this.balances.set(member.memberId, this.balance(member) - costMinor);
    this.spent.set(`${member.memberId}/${month}`, this.spentIn(member, month) + costMinor);
  }
  topUp(member: MemberAccount, month: string, amountMinor: number): void {
    this.company -= amountMinor;
    this.balances.set(member.memberId, this.balance(member) + amountMinor);
    this.autoAllocated.set(`${member.memberId}/${month}`, this.autoAllocatedIn(member, month) + amountMinor);
  }
  isDuplicate(usageId: string): boolean {
    return this.seen.has(usageId) || this.ledger.usageSeen[usageId] !== undefined;
  }
}

/** Why a record may not be charged, or null when it may. Checked in this order. */
function refusal(ledger: OpenLedger, w: Working, record: UsageRecord, now: string): UsageRejectionReason | null {
  const today = epochDay(now);
  const day = epochDay(record.startedAt);
  if (day > today + 1) return 'usage-in-future';
  if (day < today - USAGE_WINDOW_DAYS || day < ledger.latestUsageDay - USAGE_WINDOW_DAYS) return 'usage-too-old';
  const member = ledger.members[record.memberId];
  if (!member || member.status !== 'active') return 'member-not-active';
  const destination = destinationAllowed(member.permissions.destinations, record.destination, ledger.country);
  if (destination) return destination;
  const cap = member.permissions.monthlySpendLimitMinor;
  if (cap !== null && w.spentIn(member, monthOf(record.startedAt)) + record.costMinor > cap) {
    return 'monthly-spend-limit-reached';
  }
  return null;
}

/**
 * The member's automatic top-up, applied in the same decision as the charge: before it when the
 * balance is already below the threshold or cannot pay the charge (so a member at zero is not stuck),
 * otherwise after it when the charge took the balance below the threshold. At most one per record.
 */
function autoTopUp(w: Working, member: MemberAccount, month: string, allocationId: string): LedgerEvent | null {
  const amountMinor = topUpAmount(member, w.balance(member), w.company, w.autoAllocatedIn(member, month));
  if (amountMinor === 0) return null;
  w.topUp(member, month, amountMinor);
  return {
    type: 'CreditAllocated',
    // The same key order as the decider's (canonical): this oracle's JSON is compared text for text.
    data: {
      allocationId,
      amountMinor,
      from: { type: 'company' },
      month,
      reason: 'auto-top-up',
      to: { memberId: member.memberId, type: 'member' },
    },
  };
}

function topUpMakesAffordable(w: Working, member: MemberAccount, month: string, costMinor: number): boolean {
  const balance = w.balance(member);
  if (balance >= costMinor) return false;
  return balance + topUpAmount(member, balance, w.company, w.autoAllocatedIn(member, month)) >= costMinor;
}

function belowThreshold(w: Working, member: MemberAccount): boolean {
  return member.autoAllocation !== null && w.balance(member) < member.autoAllocation.whenBelowMinor;
}

/**
 * Charges each usage record to its member, or records why it was refused. A usage id seen before
 * (charged or refused) produces nothing: it is never charged twice.
 */
export function referenceRecordUsage(ctx: DecisionContext, command: RecordUsage): Decision {
  const ledger = requireLedger(ctx);
  const { records, topUpIds } = command.data;
  if (records.length === 0) invalid('records', 'give at least one usage record');
  if (records.length > MAX_USAGE_RECORDS) invalid('records', `at most ${MAX_USAGE_RECORDS} records per request`);
  if (topUpIds.length < records.length) invalid('topUpIds', 'one top-up id per record is needed');
  records.forEach(checkRecordShape);
  const w = new Working(ledger);
  const events: LedgerEvent[] = [];
  records.forEach((record, index) => {
    if (w.isDuplicate(record.usageId)) return;
    w.seen.add(record.usageId);
    const { usageId, memberId, kind, destination, durationSeconds, costMinor } = record;
    // Stored in UTC ('…Z'), so months and days are read from the text alone.
    const startedAt = new Date(record.startedAt).toISOString();
    const reason = refusal(ledger, w, record, command.metadata.now);
    if (reason) {
      events.push({ type: 'UsageRejected', data: { costMinor, destination, kind, memberId, reason, startedAt, usageId } });
      return;
    }
    const member = ledger.members[memberId];
    const month = monthOf(startedAt);
    let toppedUp = false;
    if (belowThreshold(w, member) || topUpMakesAffordable(w, member, month, costMinor)) {
      const before = autoTopUp(w, member, month, topUpIds[index]);
      if (before) events.push(before);
      toppedUp = before !== null;
    }
    if (w.balance(member) < costMinor) {
      events.push({
        type: 'UsageRejected',
        data: { costMinor, destination, kind, memberId, reason: 'insufficient-credit', startedAt, usageId },
      });
      return;
    }
    w.charge(member, month, costMinor);
    events.push({
      type: 'UsageCharged',
      // The stored key order (canonical, see usage.ts).
      data: {
        category: kind === 'call' ? 'calls' : 'sms',
        costMinor,
        departmentId: member.departmentId,
        destination,
        durationSeconds,
        kind,
        memberId,
        startedAt,
        usageId,
      },
    });
    if (!toppedUp && belowThreshold(w, member)) {
      const after = autoTopUp(w, member, month, topUpIds[index]);
      if (after) events.push(after);
    }
  });
  return decision({ ledger: events });
}


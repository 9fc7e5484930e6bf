import {
  evolveLedger,
  initialLedgerState,
  ledgerInvariantViolations,
  type LedgerEvent,
  type LedgerState,
  type OpenLedger,
} from '@skype-manager/domain';

/**
 * Folds a ledger stream and re-checks the money invariants after every event.
 *
 * Why not call `ledgerInvariantViolations` after each event: it walks every account, so a ledger of
 * m accounts and n events would cost O(n·m) (10⁹ steps for a million events and a thousand members).
 * Instead the sum held by all accounts is kept by deltas: an event only changes the company pool and
 * the accounts its data names, so only those are re-read. The checks are the domain's ones:
 *   1. no account below zero (and a closed member holds nothing);
 *   2. purchased = company pool + Σ budgets + Σ balances + charged.
 * Whenever the cheap check sees a breach, `ledgerInvariantViolations` (the domain's own rule) gives the
 * wording; `fullCheck()` runs it over the whole state, and the auditor calls it periodically and at
 * the end, so a gap in the delta bookkeeping would itself be reported.
 */
export interface LedgerBreach {
  /** Stable key of the broken rule (`conservation`, `negative:member:m1`…), to report a breach once. */
  key: string;
  detail: string;
}

export interface LedgerAuditOptions {
  /**
   * Keep the domain's usage-id register (`usageSeen`, `usageByDay`) in `state` (default true). The
   * verifier passes false: no invariant reads the register and `evolveLedger` only writes to it, yet
   * keeping ~100,000 ids in a dictionary cost about a tenth of a verification. Without it the register
   * is emptied every USAGE_REGISTER_RESET usage events (the pruning horizon, `latestUsageDay`, is kept),
   * and the domain's fold is handed usage events with a placeholder usage id: storing each real id as
   * a key of the register (V8 interns every new key string) was still ~10% of a verification's CPU
   * (line-level profile, 1,000,000 UsageCharged), and the id moves no money.
   */
  keepUsageRegister?: boolean;
}

const USAGE_REGISTER_RESET = 1024;

export class LedgerAudit {
  private current: LedgerState = initialLedgerState();
  private readonly keepUsageRegister: boolean;
  private usageSinceReset = 0;
  /** company pool + Σ department budgets + Σ member balances, maintained by deltas. */
  private heldMinor = 0;
  private readonly breached = new Set<string>();
  /** The accounts the current event names (reused from one event to the next). */
  private readonly touched = new TouchedAccounts();

  constructor(options: LedgerAuditOptions = {}) {
    this.keepUsageRegister = options.keepUsageRegister ?? true;
  }

  get state(): LedgerState {
    return this.current;
  }

  /** True while some rule is broken (reported when it broke). */
  get broken(): boolean {
    return this.breached.size > 0;
  }

  /** The keys of the rules broken now (`conservation`, `negative:m:m1`…). */
  get brokenRules(): ReadonlySet<string> {
    return this.breached;
  }

  /**
   * Applies one event; returns the rules it newly broke (a rule that stays broken is reported once,
   * when it broke). Throws when the event cannot be folded at all (it names an unknown account…).
   */
  apply(event: LedgerEvent): LedgerBreach[] {
    const state = this.current;
    if (event.type === 'LedgerOpened' || state.status !== 'open') {
      this.current = evolveLedger(state, event);
      return this.recordBreaches(this.recomputeHeld(), undefined);
    }
    const touched = this.touched.of(event);
    const companyBefore = state.companyMinor;
    const before = touched.sum(state);
    this.current = evolveLedger(state, this.keepUsageRegister ? event : withoutUsageId(event));
    const after = this.current as OpenLedger;
    if (!this.keepUsageRegister && (event.type === 'UsageCharged' || event.type === 'UsageRejected')) this.forgetUsage(after);
    this.heldMinor += after.companyMinor - companyBefore + touched.sum(after) - before;
    // The usual event breaks nothing and nothing was broken: no breach list to build.
    if (this.breached.size === 0 && holds(after, this.heldMinor, touched)) return [];
    return this.recordBreaches(breachesAfter(after, this.heldMinor, touched.keys()), touched.keys());
  }

  private forgetUsage(state: OpenLedger): void {
    if (++this.usageSinceReset < USAGE_REGISTER_RESET) return;
    this.usageSinceReset = 0;
    state.usageSeen = {};
    state.usageByDay = {};
  }

  /** Re-checks the whole state with the domain's own function (O(accounts)). */
  fullCheck(): LedgerBreach[] {
    const violations = ledgerInvariantViolations(this.current);
    return violations.length === 0 ? [] : [{ key: 'full-check', detail: violations.join('; ') }];
  }

  /** Rebuilds the delta bookkeeping from the state (after an event that replaced the whole ledger). */
  private recomputeHeld(): LedgerBreach[] {
    const state = this.current;
    if (state.status !== 'open') return [];
    let held = state.companyMinor;
    for (const department of Object.values(state.departments)) held += department.budgetMinor;
    for (const member of Object.values(state.members)) held += member.balanceMinor;
    this.heldMinor = held;
    return breachesAfter(state, held, allAccounts(state));
  }

  /**
   * Keeps the set of rules currently broken and returns the newly broken ones. `touched` are the
   * accounts this event re-checked (undefined: all of them); an account it did not touch keeps
   * whatever breach it had, since its balance did not change.
   */
  private recordBreaches(found: LedgerBreach[], touched: readonly AccountKey[] | undefined): LedgerBreach[] {
    const foundKeys = new Set(found.map((breach) => breach.key));
    for (const key of [...this.breached]) {
      const account = accountOfBreach(key);
      const rechecked = account === undefined || touched === undefined || touched.includes(account);
      if (rechecked && !foundKeys.has(key)) this.breached.delete(key);
    }
    const fresh = found.filter((breach) => !this.breached.has(breach.key));
    for (const breach of fresh) this.breached.add(breach.key);
    if (fresh.length === 0) return fresh;
    // The domain's wording for the whole state, so a reader sees the rule exactly as the domain states it.
    const domainView = ledgerInvariantViolations(this.current).join('; ');
    return fresh.map((breach) => ({ key: breach.key, detail: domainView.length > 0 ? domainView : breach.detail }));
  }
}

/** An account named by an event: `d:` department, `m:` member. */
type AccountKey = string;

/** The placeholder usage id the domain's fold sees when the register is not kept. */
const NO_USAGE_ID = '';

function withoutUsageId(event: LedgerEvent): LedgerEvent {
  if (event.type === 'UsageCharged') return { ...event, data: { ...event.data, usageId: NO_USAGE_ID } };
  if (event.type === 'UsageRejected') return { ...event, data: { ...event.data, usageId: NO_USAGE_ID } };
  return event;
}

/**
 * The accounts whose balance or status an event may change, besides the company pool: at most a
 * handful, kept as the ids the event names (no `d:`/`m:` key strings built and cut again per event).
 */
class TouchedAccounts {
  private readonly departments: string[] = [];
  private readonly members: string[] = [];

  of(event: LedgerEvent): this {
    this.departments.length = 0;
    this.members.length = 0;
    const data = event.data as Record<string, unknown>;
    this.addAccount(data.from);
    this.addAccount(data.to);
    if (typeof data.memberId === 'string') this.addMember(data.memberId);
    // A (re)opened department budget starts at zero: its old budget leaves the sum.
    if (event.type === 'DepartmentBudgetOpened') this.addDepartment(event.data.departmentId);
    return this;
  }

  /** Σ of the touched accounts' balances in `state`. */
  sum(state: OpenLedger): number {
    let sum = 0;
    for (const id of this.departments) sum += state.departments[id]?.budgetMinor ?? 0;
    for (const id of this.members) sum += state.members[id]?.balanceMinor ?? 0;
    return sum;
  }

  /** The ids named, for the cheap "nothing broke" test. */
  departmentIds(): readonly string[] {
    return this.departments;
  }

  memberIds(): readonly string[] {
    return this.members;
  }

  /** As account keys (`d:id`, `m:id`): only when a breach has to be worded. */
  keys(): AccountKey[] {
    return [...this.departments.map((id) => `d:${id}`), ...this.members.map((id) => `m:${id}`)];
  }

  private addAccount(value: unknown): void {
    const account = value as { type?: string; departmentId?: string; memberId?: string } | undefined;
    if (account?.type === 'department' && account.departmentId !== undefined) this.addDepartment(account.departmentId);
    if (account?.type === 'member' && account.memberId !== undefined) this.addMember(account.memberId);
  }

  private addDepartment(id: string): void {
    if (!this.departments.includes(id)) this.departments.push(id);
  }

  private addMember(id: string): void {
    if (!this.members.includes(id)) this.members.push(id);
  }
}

/**
 * True when `breachesAfter` would find nothing: the same rules, read without building a list.
 * (The property test holds the two together through LedgerAudit.)
 */
function holds(state: OpenLedger, heldMinor: number, touched: TouchedAccounts): boolean {
  if (!(state.companyMinor >= 0)) return false;
  for (const id of touched.departmentIds()) if ((state.departments[id]?.budgetMinor ?? 0) < 0) return false;
  for (const id of touched.memberIds()) {
    const member = state.members[id];
    if (member === undefined) continue;
    if (member.balanceMinor < 0 || (member.status === 'closed' && member.balanceMinor !== 0)) return false;
  }
  return (
    Number.isSafeInteger(state.companyMinor) &&
    Number.isSafeInteger(state.purchasedMinor) &&
    Number.isSafeInteger(state.chargedMinor) &&
    Number.isSafeInteger(heldMinor) &&
    state.purchasedMinor === heldMinor + state.chargedMinor
  );
}

function allAccounts(state: OpenLedger): AccountKey[] {
  return [...Object.keys(state.departments).map((id) => `d:${id}`), ...Object.keys(state.members).map((id) => `m:${id}`)];
}

function balanceOfKey(state: OpenLedger, key: AccountKey): number {
  const id = key.slice(2);
  return key.startsWith('d:') ? (state.departments[id]?.budgetMinor ?? 0) : (state.members[id]?.balanceMinor ?? 0);
}

function breachesAfter(state: OpenLedger, heldMinor: number, touched: readonly AccountKey[]): LedgerBreach[] {
  const breaches: LedgerBreach[] = [];
  if (state.companyMinor < 0) breaches.push({ key: 'negative:company', detail: `company pool is negative (${state.companyMinor})` });
  for (const key of touched) {
    const balance = balanceOfKey(state, key);
    if (balance < 0) breaches.push({ key: `negative:${key}`, detail: `${describe(key)} is negative (${balance})` });
    const member = key.startsWith('m:') ? state.members[key.slice(2)] : undefined;
    if (member?.status === 'closed' && member.balanceMinor !== 0) {
      breaches.push({ key: `closed-credit:${key}`, detail: `removed member ${member.memberId} holds credit` });
    }
  }
  unsafe(breaches, state.companyMinor, 'company pool');
  unsafe(breaches, state.purchasedMinor, 'purchased');
  unsafe(breaches, state.chargedMinor, 'charged');
  unsafe(breaches, heldMinor, 'held');
  if (state.purchasedMinor !== heldMinor + state.chargedMinor) {
    breaches.push({
      key: 'conservation',
      detail: `conservation broken: purchased ${state.purchasedMinor} ≠ held ${heldMinor} + charged ${state.chargedMinor}`,
    });
  }
  return breaches;
}

function unsafe(breaches: LedgerBreach[], value: number, label: string): void {
  if (!Number.isSafeInteger(value)) breaches.push({ key: `unsafe:${label}`, detail: `${label} is not a safe integer (${value})` });
}

/** The account a breach is about (`negative:m:x` → `m:x`); undefined for a ledger-wide rule. */
function accountOfBreach(key: string): AccountKey | undefined {
  const match = /^(?:negative|closed-credit):([dm]:.*)$/.exec(key);
  return match?.[1];
}

function describe(key: AccountKey): string {
  return key.startsWith('d:') ? `department ${key.slice(2)} budget` : `member ${key.slice(2)} balance`;
}

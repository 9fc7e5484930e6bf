import {
  streamIds,
  type AdministratorRole,
  type AutoAllocationRule,
  type Command,
  type CreditAccount,
  type Feature,
  type LedgerState,
  type MemberState,
  type OpenLedger,
  type Permissions,
  type SetUpManager,
  type UsageRecord,
} from '@skype-manager/domain';
import { at, cmd, COMPANY_POOL, departmentAccount, MANAGER_ID, memberAccount, NOW } from './commands';
import { StreamSet } from './streams';

/** Readable ids for the usual cast. */
export const SALES = 'dep-sales';
export const SUPPORT = 'dep-support';
export const ALICE = 'mem-alice';
export const BOB = 'mem-bob';
export const CAROL = 'mem-carol';

export interface MemberOptions {
  departmentId?: string | null;
  email?: string | null;
  /** The account the invitation names (for an invited member) or the member accepted with. */
  account?: string;
  balanceMinor?: number;
}

/**
 * A fluent builder of starting situations. Every step runs a real command through `decide`, so a
 * fixture can only describe a situation the domain allows. Fixture commands are decided at `now`
 * (NOW unless moved with `at`). Steps mutate the scenario: build a fresh one per test (or `clone()`).
 */
export class Scenario {
  readonly streams: StreamSet;
  managerId = MANAGER_ID;
  now = NOW;
  private sequence = 0;

  constructor(streams = new StreamSet()) {
    this.streams = streams;
  }

  /** Runs commands as they are (with their own `now`). A refusal fails the fixture loudly. */
  with(...commands: Command[]): this {
    for (const command of commands) {
      try {
        this.streams.execute(command);
      } catch (error) {
        throw new Error(`fixture step ${command.type} was refused: ${(error as Error).message}`);
      }
    }
    return this;
  }

  /** Moves the clock of the following fixture steps. */
  at(now: string): this {
    this.now = now;
    return this;
  }

  /** Runs a fixture step on the current Manager at the scenario's `now`. */
  private run(command: Command): this {
    return this.with(
      at(this.now, { ...command, data: { ...command.data, managerId: this.managerId } } as Command),
    );
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `fixture-${prefix}-${this.sequence}`;
  }

  /** A Manager set up in EUR for France, with its owner; following steps apply to it. */
  withManager(data: Partial<SetUpManager['data']> = {}): this {
    const command = cmd.setUpManager(data);
    this.managerId = command.data.managerId;
    return this.run(command);
  }

  withCredit(amountMinor: number): this {
    const purchaseId = this.nextId('purchase');
    return this.run(cmd.purchaseCredit({ purchaseId, amountMinor, paymentReference: `ref-${purchaseId}` }));
  }

  withDepartment(departmentId: string, name = `Department ${departmentId}`): this {
    return this.run(cmd.createDepartment(departmentId, name));
  }

  withClosedDepartment(departmentId: string, name?: string): this {
    this.withDepartment(departmentId, name);
    return this.run(cmd.closeDepartment(departmentId));
  }

  /** Buys the budget and allocates it, so the company pool is unchanged. */
  withDepartmentBudget(departmentId: string, amountMinor: number): this {
    this.withCredit(amountMinor);
    return this.allocate(COMPANY_POOL, departmentAccount(departmentId), amountMinor);
  }

  withAdministrator(
    administratorId: string,
    role: AdministratorRole,
    departmentId: string | null = null,
  ): this {
    return this.run(cmd.addAdministrator({ administratorId, role, departmentId }));
  }

  withInvitedMember(memberId: string, options: MemberOptions = {}): this {
    return this.run(
      cmd.inviteMember({
        memberId,
        departmentId: options.departmentId ?? null,
        email: options.email === undefined ? `${memberId}@architectes.example` : options.email,
        account: options.account ?? null,
      }),
    );
  }

  /** Invited, accepted, and (when `balanceMinor` is given) funded by a purchase allocated to the member. */
  withActiveMember(memberId: string, options: MemberOptions = {}): this {
    this.withInvitedMember(memberId, { ...options, account: undefined });
    const accepted = cmd.acceptInvitation({ memberId });
    if (options.account) accepted.data.account = options.account;
    this.run(accepted);
    if (options.balanceMinor) {
      this.withCredit(options.balanceMinor);
      this.allocate(COMPANY_POOL, memberAccount(memberId), options.balanceMinor);
    }
    return this;
  }

  withRemovedMember(memberId: string, options: MemberOptions = {}): this {
    this.withActiveMember(memberId, options);
    return this.run(cmd.removeMember(memberId, this.nextId('reclaim')));
  }

  withPermissions(memberId: string, permissions: Partial<Permissions>): this {
    return this.run(cmd.setPermissions({ memberId, ...permissions }));
  }

  withAutoAllocation(memberId: string, rule: AutoAllocationRule | null): this {
    return this.run(cmd.setAutoAllocation(memberId, rule));
  }

  withCatalogue(prices: Partial<Record<Feature, number>>): this {
    return this.run(cmd.setCatalogue(prices));
  }

  /** Grants a feature after buying its price, so the company pool is unchanged. */
  withFeature(memberId: string, feature: Feature, options: { grantId?: string; number?: string } = {}): this {
    const ledger = this.ledger();
    this.withCredit(ledger.catalogue[feature] || 1);
    const grantId = options.grantId ?? this.nextId('grant');
    const featureOptions = options.number ? { number: options.number } : {};
    return this.run(cmd.grantFeature({ grantId, memberId, feature, options: featureOptions }));
  }

  withUsage(...records: UsageRecord[]): this {
    return this.run(cmd.recordUsage(...records));
  }

  allocate(from: CreditAccount, to: CreditAccount, amountMinor: number): this {
    return this.run(cmd.allocateCredit(from, to, amountMinor, this.nextId('allocation')));
  }

  /** The current Manager's ledger (a copy: changing it changes nothing). */
  ledger(): OpenLedger {
    const ledger: LedgerState = this.streams.ledgerState(this.managerId);
    if (ledger.status !== 'open') throw new Error(`no ledger for ${this.managerId}`);
    return structuredClone(ledger);
  }

  member(memberId: string): MemberState {
    return structuredClone(this.streams.memberState(memberId));
  }

  ledgerEvents() {
    return this.streams.events(streamIds.ledger(this.managerId));
  }

  clone(): Scenario {
    const copy = new Scenario(this.streams.clone());
    copy.managerId = this.managerId;
    copy.now = this.now;
    copy.sequence = this.sequence;
    return copy;
  }
}

/** A Manager "Architectes" set up in EUR for France by its owner `admin.architectes`. */
export const aManager = (data: Partial<SetUpManager['data']> = {}) => new Scenario().withManager(data);

/** No Manager at all: the starting point of set-up. */
export const nothing = () => new Scenario();

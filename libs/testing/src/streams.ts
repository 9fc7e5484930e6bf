import {
  applyDecision,
  decide,
  evolveAccountName,
  evolveLedger,
  evolveManager,
  evolveMember,
  foldAccountName,
  foldLedger,
  foldManager,
  foldMember,
  initialAccountNameState,
  initialLedgerState,
  initialManagerState,
  initialMemberState,
  streamIds,
  streamsOf,
  type AccountNameEvent,
  type AccountNameState,
  type Command,
  type CommandStreams,
  type Decision,
  type DecisionContext,
  type DomainEvent,
  type LedgerEvent,
  type LedgerState,
  type ManagerEvent,
  type ManagerState,
  type MemberEvent,
  type MemberState,
} from '@skype-manager/domain';
import { sameData } from './same-data';

const KINDS = ['manager', 'ledger', 'member', 'accountName'] as const;
export type StreamKindKey = (typeof KINDS)[number];
export const STREAM_KINDS: readonly StreamKindKey[] = KINDS;

/**
 * An in-memory stand-in for the event store and the command handler around `decide`: it keeps every
 * stream's events and its current state (folded incrementally), loads exactly the streams a command
 * names (`streamsOf`), decides, and appends the decision to those streams.
 */
export class StreamSet {
  private readonly log = new Map<string, DomainEvent[]>();
  private readonly managers = new Map<string, ManagerState>();
  private readonly ledgers = new Map<string, LedgerState>();
  private readonly members = new Map<string, MemberState>();
  private readonly accountNames = new Map<string, AccountNameState>();

  /** The streams a command reads and appends to, as the command handler would find them. */
  streamsOf(command: Command): CommandStreams {
    const memberId = 'memberId' in command.data ? command.data.memberId : undefined;
    const member = memberId === undefined ? undefined : this.members.get(streamIds.member(memberId));
    return streamsOf(command, member);
  }

  /** The live states of the streams the command reads; streams it does not read stay initial. */
  contextFor(command: Command): DecisionContext {
    const ids = this.streamsOf(command);
    return {
      manager: (ids.manager && this.managers.get(ids.manager)) || initialManagerState(),
      ledger: (ids.ledger && this.ledgers.get(ids.ledger)) || initialLedgerState(),
      member: (ids.member && this.members.get(ids.member)) || initialMemberState(),
      accountName: (ids.accountName && this.accountNames.get(ids.accountName)) || initialAccountNameState(),
    };
  }

  /** Decides the command and appends what it decided; a refusal throws and appends nothing. */
  execute(command: Command): Decision {
    const ctx = this.contextFor(command);
    const decided = decide(ctx, command);
    this.append(command, ctx, decided);
    return decided;
  }

  /** Appends a decision taken against `contextFor(command)` (states are evolved in place). */
  append(command: Command, ctx: DecisionContext, decided: Decision): void {
    const ids = this.streamsOf(command);
    for (const kind of KINDS) {
      if (decided[kind].length > 0 && !ids[kind]) {
        throw new Error(
          `${command.type} decided ${kind} events but does not name a ${kind} stream (streamsOf)`,
        );
      }
    }
    applyDecision(ctx, decided);
    for (const kind of KINDS) {
      const id = ids[kind];
      if (!id || decided[kind].length === 0) continue;
      const events = this.log.get(id) ?? [];
      events.push(...structuredClone(decided[kind])); // as appended: later evolving cannot alter them
      this.log.set(id, events);
    }
    if (ids.manager) this.managers.set(ids.manager, ctx.manager);
    if (ids.ledger) this.ledgers.set(ids.ledger, ctx.ledger);
    if (ids.member) this.members.set(ids.member, ctx.member);
    if (ids.accountName) this.accountNames.set(ids.accountName, ctx.accountName);
  }

  /** Appends events directly (a history no command could produce, e.g. a very large purchase). */
  seed(streamId: string, events: DomainEvent[]): void {
    const log = this.log.get(streamId) ?? [];
    log.push(...events);
    this.log.set(streamId, log);
    const kind = streamId.slice(0, streamId.indexOf('-'));
    const ofKind = <E>() => events as E[];
    if (kind === 'manager') {
      const state = this.managers.get(streamId) ?? initialManagerState();
      this.managers.set(streamId, ofKind<ManagerEvent>().reduce(evolveManager, state));
    } else if (kind === 'ledger') {
      const state = this.ledgers.get(streamId) ?? initialLedgerState();
      this.ledgers.set(streamId, ofKind<LedgerEvent>().reduce(evolveLedger, state));
    } else if (kind === 'member') {
      const state = this.members.get(streamId) ?? initialMemberState();
      this.members.set(streamId, ofKind<MemberEvent>().reduce(evolveMember, state));
    } else if (kind === 'account') {
      const state = this.accountNames.get(streamId) ?? initialAccountNameState();
      this.accountNames.set(streamId, ofKind<AccountNameEvent>().reduce(evolveAccountName, state));
    } else {
      throw new Error(`unknown stream ${streamId}`);
    }
  }

  events(streamId: string): DomainEvent[] {
    return [...(this.log.get(streamId) ?? [])];
  }

  ledgerState(managerId: string): LedgerState {
    return this.ledgers.get(streamIds.ledger(managerId)) ?? initialLedgerState();
  }

  memberState(memberId: string): MemberState {
    return this.members.get(streamIds.member(memberId)) ?? initialMemberState();
  }

  /** Streams whose events, folded from scratch, do not give the state built incrementally. */
  replayMismatches(): string[] {
    const mismatches: string[] = [];
    for (const [id, events] of this.log) {
      const kind = id.slice(0, id.indexOf('-'));
      const [live, replayed]: [unknown, unknown] =
        kind === 'manager'
          ? [this.managers.get(id), foldManager(structuredClone(events) as ManagerEvent[])]
          : kind === 'ledger'
            ? [this.ledgers.get(id), foldLedger(structuredClone(events) as LedgerEvent[])]
            : kind === 'member'
              ? [this.members.get(id), foldMember(structuredClone(events) as MemberEvent[])]
              : [this.accountNames.get(id), foldAccountName(structuredClone(events) as AccountNameEvent[])];
      if (!sameData(live, replayed)) mismatches.push(id);
    }
    return mismatches;
  }

  /** A deep copy, so a scenario can branch without the branches seeing each other. */
  clone(): StreamSet {
    const copy = new StreamSet();
    for (const [id, events] of this.log) copy.log.set(id, structuredClone(events));
    for (const [from, to] of [
      [this.managers, copy.managers],
      [this.ledgers, copy.ledgers],
      [this.members, copy.members],
      [this.accountNames, copy.accountNames],
    ] as const) {
      for (const [id, state] of from) (to as Map<string, unknown>).set(id, structuredClone(state));
    }
    return copy;
  }
}

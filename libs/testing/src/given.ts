import {
  applyDecision,
  decide,
  decision,
  DomainError,
  foldAccountName,
  foldLedger,
  foldManager,
  foldMember,
  ledgerInvariantViolations,
  streamsOf,
  type AccountNameEvent,
  type Command,
  type Decision,
  type DecisionContext,
  type DomainErrorKind,
  type LedgerEvent,
  type ManagerEvent,
  type MemberEvent,
} from '@skype-manager/domain';
import { sameData } from './same-data';
import { Scenario } from './scenario';
import { STREAM_KINDS } from './streams';

/** Events per stream, folded into the context a command is decided against. */
export interface History {
  manager?: ManagerEvent[];
  ledger?: LedgerEvent[];
  member?: MemberEvent[];
  accountName?: AccountNameEvent[];
}

export interface ExpectedRefusal {
  kind?: DomainErrorKind;
  /** For `invalid-input`: the field that was wrong. */
  field?: string;
  /** A subset of the error's details. */
  details?: Record<string, unknown>;
}

type Source = Scenario | History | DecisionContext;

function isHistory(source: History | DecisionContext): source is History {
  return Object.values(source).every((value) => value === undefined || Array.isArray(value));
}

function contextFrom(source: Source, command: Command): DecisionContext {
  if (source instanceof Scenario) return structuredClone(source.streams.contextFor(command));
  if (!isHistory(source)) return structuredClone(source);
  return {
    manager: foldManager(structuredClone(source.manager ?? [])),
    ledger: foldLedger(structuredClone(source.ledger ?? [])),
    member: foldMember(structuredClone(source.member ?? [])),
    accountName: foldAccountName(structuredClone(source.accountName ?? [])),
  };
}

/**
 * `given(situation).when(command).then(expected events)` or `.thenRefused(rule)`.
 * The situation is a Scenario (see `aManager()`), events per stream, or a ready DecisionContext.
 */
export function given(source: Source = {}) {
  return { when: (command: Command) => new When(source, command) };
}

export class When {
  constructor(
    private readonly source: Source,
    private readonly command: Command,
  ) {}

  /** Decides on a fresh copy of the situation, checking that deciding changed nothing in it. */
  private attempt(): { ctx: DecisionContext; decided?: Decision; error?: unknown } {
    const ctx = contextFrom(this.source, this.command);
    const before = structuredClone(ctx);
    let decided: Decision | undefined;
    let error: unknown;
    try {
      decided = decide(ctx, this.command);
    } catch (caught) {
      error = caught;
    }
    if (!sameData(ctx, before)) expect(ctx).toEqual(before); // deciding must not change the state
    return { ctx, decided, error };
  }

  /** The decision, after checking it only names streams the command loads and keeps the ledger sound. */
  decision(): Decision {
    const { ctx, decided, error } = this.attempt();
    if (error) {
      const reason =
        error instanceof DomainError ? `${error.kind} '${error.rule}': ${error.message}` : String(error);
      throw new Error(`${this.command.type} was expected to succeed but threw ${reason}`);
    }
    const result = decided as Decision;
    const streams = streamsOf(this.command, ctx.member);
    for (const kind of STREAM_KINDS) {
      if (result[kind].length > 0 && !streams[kind]) {
        throw new Error(`${this.command.type} appended ${kind} events but does not name a ${kind} stream`);
      }
    }
    const after = applyDecision(structuredClone(ctx), structuredClone(result));
    expect(ledgerInvariantViolations(after.ledger)).toEqual([]);
    return result;
  }

  /** Exactly these events per stream; streams not mentioned must get none. */
  then(expected: Partial<Decision>): void {
    expect(this.decision()).toEqual(decision(expected));
  }

  /** The streams' states once the decision is applied. */
  thenState(check: (after: DecisionContext) => void): void {
    const decided = this.decision();
    check(applyDecision(contextFrom(this.source, this.command), decided));
  }

  thenThrows(rule: string, expected: ExpectedRefusal = {}): void {
    const { decided, error } = this.attempt();
    if (!error) {
      throw new Error(
        `${this.command.type} was expected to throw '${rule}' but decided ${JSON.stringify(decided)}`,
      );
    }
    if (!(error instanceof DomainError)) throw error;
    const actual: Record<string, unknown> = { rule: error.rule };
    const wanted: Record<string, unknown> = { rule };
    if (expected.kind) [actual.kind, wanted.kind] = [error.kind, expected.kind];
    if (expected.field) [actual.field, wanted.field] = [error.details.field, expected.field];
    expect({ ...actual, message: error.message }).toEqual({ ...wanted, message: error.message });
    if (expected.details) expect(error.details).toMatchObject(expected.details);
  }

  /** A business rule refused the command (422). */
  thenRefused(rule: string, details?: Record<string, unknown>): void {
    this.thenThrows(rule, { kind: 'rule', details });
  }

  /** The command names something this Manager does not have (404). */
  thenNotFound(rule: string): void {
    this.thenThrows(rule, { kind: 'not-found' });
  }

  /** The command's input is malformed in `field` (400). */
  thenInvalid(field: string): void {
    this.thenThrows('invalid-input', { kind: 'invalid', field });
  }
}

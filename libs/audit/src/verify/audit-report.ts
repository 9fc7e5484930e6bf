/**
 * What a verification answers (`POST /v1/managers/{m}/audit/verify`, `skype-manager verify`).
 * `problems` are in log order, so `problems[0]` (and `firstBrokenPosition`) name the first broken place.
 */
export type AuditProblemKind =
  /** The tamper-evident chain does not hold: an event edited, deleted, inserted or moved. */
  | 'hash-chain'
  /** A stream's revisions are not 0, 1, 2… in log order, or its stored revision disagrees with its events. */
  | 'stream-revision'
  /** A money invariant of the ledger broke after this event. */
  | 'ledger-invariant'
  /** The event could not be read or folded (unknown type, malformed data, unknown account…). */
  | 'unreadable-event'
  /** A read model rebuilt from the log differs from the live one. */
  | 'read-model-mismatch';

export interface AuditProblem {
  /** Global position of the event where the problem shows (absent for a whole-log finding). */
  position?: number;
  kind: AuditProblemKind;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  managerId: string;
  /** Events of the Manager checked (its whole log up to `headPosition`). */
  eventsChecked: number;
  ledgerEventsChecked: number;
  /** The log's head when the verification started: later events are left for the next one. */
  headPosition: number;
  /**
   * Whether read models rebuilt from the log equal the live ones; null when no read-model replay was
   * configured (then only the ledger folded from the events is checked, against the invariants).
   */
  readModelsMatch: boolean | null;
  /** The log is as written: every chain links and hashes, and every stream's revisions are complete. */
  hashChainIntact: boolean;
  /** Every ledger event could be folded and no money rule broke. */
  invariantsHold: boolean;
  firstBrokenPosition?: number;
  problems: AuditProblem[];
  /** How many problems were found in all (`problems` keeps the first ones). */
  problemCount: number;
  elapsedMs: number;
}

const KIND_ORDER: Record<AuditProblemKind, number> = {
  'hash-chain': 0,
  'stream-revision': 1,
  'unreadable-event': 2,
  'ledger-invariant': 3,
  'read-model-mismatch': 4,
};

/**
 * Collects problems and keeps the `limit` earliest in log order (one broken event must not flood the
 * answer). Problems may arrive out of order (the chain is checked in a worker thread), so the earliest
 * are kept, not the first added.
 */
export class ProblemLog {
  private kept: AuditProblem[] = [];
  private total = 0;
  private readonly kinds = new Set<AuditProblemKind>();

  constructor(private readonly limit: number) {}

  add(problem: AuditProblem): void {
    this.total += 1;
    this.kinds.add(problem.kind);
    this.kept.push(problem);
    if (this.kept.length >= 2 * this.limit + 16) this.kept = this.sorted();
  }

  has(kind: AuditProblemKind): boolean {
    return this.kinds.has(kind);
  }

  get count(): number {
    return this.total;
  }

  /** The earliest `limit` problems in log order; findings about the whole log (no position) come last. */
  sorted(): AuditProblem[] {
    const at = (problem: AuditProblem): number => problem.position ?? Number.POSITIVE_INFINITY;
    // At one position the log's integrity comes first: an invariant broken by an edited event is a
    // consequence of the edit. Array.prototype.sort is stable for the rest.
    return [...this.kept]
      .sort((a, b) => at(a) - at(b) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
      .slice(0, this.limit);
  }
}

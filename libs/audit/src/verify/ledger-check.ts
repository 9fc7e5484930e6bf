import { toDomainEvent } from '@skype-manager/application';
import type { LedgerEvent } from '@skype-manager/domain';
import type { RecordedEvent } from '@skype-manager/event-store';
import { LedgerAudit } from '../ledger/ledger-audit';
import { isLedgerEventType, ledgerStreamId } from '../ledger/ledger-event-types';
import type { AuditProblem } from './audit-report';

/** How often the delta bookkeeping is cross-checked with the domain's full invariant check. */
const FULL_CHECK_EVERY = 10_000;

/**
 * Folds the Manager's ledger stream from zero and re-checks the money invariants after every ledger
 * event (see LedgerAudit for how that stays O(1) per event).
 */
export class LedgerCheck {
  // The usage-id register is not needed to check the invariants (see LedgerAuditOptions).
  private readonly audit = new LedgerAudit({ keepUsageRegister: false });
  private readonly streamId: string;
  private applied = 0;
  private lastPosition: number | undefined;
  private crossCheckReported = false;

  constructor(managerId: string) {
    this.streamId = ledgerStreamId(managerId);
  }

  get eventsChecked(): number {
    return this.applied;
  }

  get state() {
    return this.audit.state;
  }

  check(page: readonly RecordedEvent[]): AuditProblem[] {
    const problems: AuditProblem[] = [];
    for (const recorded of page) {
      if (recorded.streamId !== this.streamId) continue;
      this.applied += 1;
      this.lastPosition = recorded.position;
      if (!isLedgerEventType(recorded.type)) {
        problems.push({ position: recorded.position, kind: 'unreadable-event', detail: `unknown ledger event type ${recorded.type}` });
        continue;
      }
      try {
        for (const breach of this.audit.apply(toDomainEvent<LedgerEvent>(recorded))) {
          problems.push({ position: recorded.position, kind: 'ledger-invariant', detail: `after ${recorded.type}: ${breach.detail}` });
        }
      } catch (error) {
        problems.push({
          position: recorded.position,
          kind: 'unreadable-event',
          detail: `${recorded.type} cannot be applied to the ledger: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      if (this.applied % FULL_CHECK_EVERY === 0) problems.push(...this.crossCheck());
    }
    return problems;
  }

  /** The final full check, once the whole ledger has been folded. */
  finish(): AuditProblem[] {
    return this.crossCheck();
  }

  /** Reports what the full check sees only when the per-event check saw nothing (else it is known). */
  private crossCheck(): AuditProblem[] {
    if (this.audit.broken || this.crossCheckReported) return [];
    const found = this.audit.fullCheck();
    this.crossCheckReported = found.length > 0;
    return found.map((breach) => ({
      position: this.lastPosition,
      kind: 'ledger-invariant' as const,
      detail: `full check of the ledger: ${breach.detail}`,
    }));
  }
}

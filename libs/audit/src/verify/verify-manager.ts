import type { EventStore } from '@skype-manager/event-store';
import type { VerifyReport } from './audit-report';
import { verifyLog, type VerifyOptions } from './verify-log';

/**
 * Verifies one Manager: replays its log (read with the Manager filter, in pages), re-checks its hash
 * chain, its streams' revisions and the ledger invariants after every ledger event, and — when a
 * read-model replay is configured — compares read models rebuilt from the log with the live ones.
 */
export async function verifyManager(store: EventStore, managerId: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const report = await verifyLog(store, { managerId }, options);
  return { ...report, managerId };
}

/**
 * @skype-manager/audit: what auditors need from the event log — balances as of any instant, full
 * verification (hash chain, stream revisions, ledger invariants, read models) and the log's export,
 * import and statistics.
 */
export * from './errors';
export { balancesOf, type Balances, type BalancesAsOf } from './balances/balances';
export { balancesAsOf, warmAsOfCheckpoints, type BalancesAsOfOptions } from './balances/balances-as-of';
export { parseInstant } from './balances/instant';
export { AS_OF_SCHEMA, MIN_CHECKPOINT_INTERVAL } from './balances/as-of-checkpoints';
export { LedgerAudit, type LedgerBreach } from './ledger/ledger-audit';
export { isLedgerEventType, ledgerStreamId } from './ledger/ledger-event-types';
export type { AuditProblem, AuditProblemKind, VerifyReport } from './verify/audit-report';
export type { ReadModelDifference, ReadModelReplay, ReadModelReplayFactory } from './verify/read-model-replay';
export { compareReadModels, type CollectionPair } from './verify/compare-read-models';
export { readModelReplay, type FreshReadModels, type ReadModelReplayOptions, type ReadSideForAudit } from './verify/projection-replay';
export { DEFAULT_PAGE_SIZE, REPLAY_PAGE_SIZE, verifyLog, type LogVerifyReport, type VerifyOptions, type VerifyProgress } from './verify/verify-log';
export type { ParallelChainOptions } from './verify/chain-verifier';
export { verifyManager } from './verify/verify-manager';
export { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader, type ExportTrailer } from './log/export-format';
export { exportLog, type ExportOptions } from './log/export-log';
export { checkExport, type ExportCheck } from './log/check-export';
export { exportFileLines, ExportLineError } from './log/read-export';
export { importLog, ImportRefusedError, type ImportOptions, type ImportProgress, type ImportReport } from './log/import-log';
export { logStats, type LogStats } from './log/log-stats';

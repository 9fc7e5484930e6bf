/**
 * @skype-manager/projections: the read models (one folder each), the projector runtime that keeps
 * them up to date, and the query functions that answer the HTTP contract's read endpoints.
 */
export { ALL_PROJECTIONS } from './all-projections';

// Runtime
export { defineProjection, handledTypes } from './runtime/projection';
export type {
  CollectionDeclaration,
  DocumentLookup,
  DocumentUpdate,
  EventHandlers,
  EventOfType,
  ProjectedDocument,
  ProjectedEvent,
  Projection,
} from './runtime/projection';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CACHE_CAPACITY,
  DEFAULT_COMMIT_DOCUMENTS,
  DEFAULT_COMMIT_EVENTS,
  DEFAULT_COMMIT_INTERVAL_MS,
  Projector,
  type ProjectorLogger,
  type ProjectorOptions,
} from './runtime/projector';
export type { ProjectionLag } from './runtime/projector-metrics';
export { applyBatch, PendingBatch, type BatchResult } from './runtime/batch-applier';
export {
  GENERATIONS_COLLECTION,
  collectionSpecs,
  generationKey,
  newGeneration,
  physicalCollection,
  readPointer,
  ReadModels,
  type Generation,
  type GenerationPointer,
} from './runtime/generations';
export { MAX_WAIT_MS, pollUntilReached } from './runtime/position-waiters';
export {
  createProjector,
  EVENT_LOG_FILE,
  openEventStore,
  openReadStore,
  READ_MODELS_FILE,
  readSideConfigFromEnv,
  type CreateProjectorOptions,
  type ProjectorRuntime,
  type ReadSideConfig,
} from './runtime/create-projector';
export {
  createAuditReadSide,
  rebuildReadModels,
  type AuditReadSide,
  type FreshReadModels,
} from './runtime/read-side-tools';

// Projections
export * from './balances/balances.projection';
export * from './members/members.projection';
export * from './spend/spend.projection';
export * from './purchases/purchases.projection';
export * from './allocations/allocations.projection';
export * from './managers/managers.projection';
export { utcDay, isCalendarDay, daysBetween, monthsBetween } from './spend/calendar';

// Queries
export * from './queries/query-input';
export * from './queries/manager-overview.query';
export * from './queries/members.query';
export * from './queries/balances.query';
export * from './queries/spend-report.query';
export { spendReportCsv } from './queries/spend-report.csv';
export * from './queries/credit-history.query';

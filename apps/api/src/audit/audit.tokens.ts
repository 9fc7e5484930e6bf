/**
 * SEAM: a `ReadModelReplayFactory` (see @skype-manager/audit) that rebuilds a Manager's read models in
 * memory and compares them with the live ones. Provide it (e.g. `AuditModule.withReadModels(factory)`)
 * once the projections package offers one; without it, verify answers `readModelsMatch: null`.
 */
export const AUDIT_READ_MODELS = Symbol('AUDIT_READ_MODELS');

export { AuditModule } from './audit.module';
export { AuditController, AUDIT_ROLES } from './audit.controller';
export { AuditService, MAX_SCANNED_PER_PAGE } from './audit.service';
export { AUDIT_READ_MODELS } from './audit.tokens';
export { balancesAsOfView, type BalancesAsOfView } from './balances-as-of.view';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, parseLogPageQuery, parseStreamPageQuery } from './audit-query';
export type { EventView, LogPage } from './audit.views';

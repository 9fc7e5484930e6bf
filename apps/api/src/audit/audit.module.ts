import { Module, type DynamicModule } from '@nestjs/common';
import type { ReadModelReplayFactory } from '@skype-manager/audit';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AUDIT_READ_MODELS } from './audit.tokens';

/**
 * The audit routes: the Manager's log and streams, and the verification. Needs EVENT_STORE (the
 * global CoreModule provides it) and the global AuthGuard (the routes are `@Allow(AUDIT_ROLES)`).
 * Import `AuditModule`, or `AuditModule.withReadModels(factory)` to compare read models on verify.
 */
@Module({
  controllers: [AuditController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {
  static withReadModels(factory: ReadModelReplayFactory): DynamicModule {
    return { module: AuditModule, providers: [{ provide: AUDIT_READ_MODELS, useValue: factory }] };
  }
}

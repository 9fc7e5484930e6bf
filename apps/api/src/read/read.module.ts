import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { ReadModelReplayFactory } from '@skype-manager/audit';
import type { EventStore } from '@skype-manager/event-store';
import type { ReadModels } from '@skype-manager/projections';
import { AUDIT_READ_MODELS } from '../audit/audit.tokens';
import { EVENT_STORE } from '../core/tokens';
import { MinPositionInterceptor } from './min-position.interceptor';
import { LogHeadPosition, READ_POSITION, type ReadPosition } from './read-position';

/** The read models the query endpoints read (the projections' active generations in the read store). */
export const READ_MODELS = Symbol('READ_MODELS');
/** The in-process projector, for readiness (its lag and whether it failed); null for an external one. */
export const PROJECTOR_STATUS = Symbol('PROJECTOR_STATUS');

export interface ProjectorStatus {
  readonly failed: Error | undefined;
  lag(): Promise<Array<{ lagEvents: number; state?: string }>>;
}

export interface ReadModuleOptions {
  /** How far the read models have caught up (the projector's checkpoint). Default: the log head. */
  readPosition?: ReadPosition;
  /** Modules with more query controllers (they use `@WaitsForMinPosition()` and `ROLES.readCompany`). */
  imports?: Array<Type | DynamicModule>;
  /** The read models; when given, the query endpoints (QueryModule) are served over them. */
  readModels?: ReadModels;
  /** The audit's replay of a Manager's read models, compared with the live ones on `POST …/audit/verify`. */
  auditReadModels?: ReadModelReplayFactory;
  /** The in-process projector (readiness reports its lag). */
  projector?: ProjectorStatus | null;
}

/**
 * The read side's providers, global: READ_POSITION (which `?minPosition=` waits on, command-side
 * reads such as the catalogue included), READ_MODELS for the query endpoints, and the audit's
 * read-model replay (AUDIT_READ_MODELS, picked up by the AuditService).
 */
@Module({})
export class ReadModule {
  static forRoot(options: ReadModuleOptions = {}): DynamicModule {
    const readPosition: Provider = options.readPosition
      ? { provide: READ_POSITION, useValue: options.readPosition }
      : { provide: READ_POSITION, useFactory: (store: EventStore) => new LogHeadPosition(store), inject: [EVENT_STORE] };
    const providers: Provider[] = [
      readPosition,
      MinPositionInterceptor,
      { provide: PROJECTOR_STATUS, useValue: options.projector ?? null },
    ];
    const exported: Array<symbol | Type> = [READ_POSITION, MinPositionInterceptor, PROJECTOR_STATUS];
    if (options.readModels) {
      providers.push({ provide: READ_MODELS, useValue: options.readModels });
      exported.push(READ_MODELS);
    }
    if (options.auditReadModels) {
      providers.push({ provide: AUDIT_READ_MODELS, useValue: options.auditReadModels });
      exported.push(AUDIT_READ_MODELS);
    }
    return {
      module: ReadModule,
      global: true,
      imports: options.imports ?? [],
      providers,
      exports: exported,
    };
  }
}

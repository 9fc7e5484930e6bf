import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { EventStore } from '@skype-manager/event-store';
import { EVENT_STORE } from '../core/tokens';
import { MinPositionInterceptor } from './min-position.interceptor';
import { LogHeadPosition, READ_POSITION, type ReadPosition } from './read-position';

export interface ReadModuleOptions {
  /** How far the read models have caught up (the projector's checkpoint). Default: the log head. */
  readPosition?: ReadPosition;
  /** Modules with the query controllers (they use `@WaitsForMinPosition()` and `ROLES.readCompany`). */
  imports?: Array<Type | DynamicModule>;
}

/**
 * The seam for the read side: the query endpoints over the projections plug in here. Until then it
 * only provides READ_POSITION, which command-side reads (catalogue, authorizations) also use.
 */
@Module({})
export class ReadModule {
  static forRoot(options: ReadModuleOptions = {}): DynamicModule {
    const readPosition: Provider = options.readPosition
      ? { provide: READ_POSITION, useValue: options.readPosition }
      : { provide: READ_POSITION, useFactory: (store: EventStore) => new LogHeadPosition(store), inject: [EVENT_STORE] };
    return {
      module: ReadModule,
      global: true,
      imports: options.imports ?? [],
      providers: [readPosition, MinPositionInterceptor],
      exports: [READ_POSITION, MinPositionInterceptor],
    };
  }
}

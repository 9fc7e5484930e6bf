import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CommandService } from '@skype-manager/application';
import type { EventStore } from '@skype-manager/event-store';
import { SecretIssuer } from '../auth/api-keys';
import { Authenticator } from '../auth/authenticator';
import { DepartmentScope } from '../auth/department-scope';
import type { ApiConfig } from '../config/api-config';
import { Metrics } from '../health/metrics';
import type { Clock } from './clock';
import { CommandRunner } from './command-runner';
import { API_CONFIG, CLOCK, EVENT_STORE } from './tokens';

export interface CoreDependencies {
  config: ApiConfig;
  store: EventStore;
  commands: CommandService;
  clock: Clock;
  secrets: SecretIssuer;
  metrics: Metrics;
}

/** What every feature module uses: configuration, the log, the command service, the clock, auth. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: API_CONFIG, useValue: deps.config },
        { provide: EVENT_STORE, useValue: deps.store },
        { provide: CLOCK, useValue: deps.clock },
        { provide: CommandService, useValue: deps.commands },
        { provide: SecretIssuer, useValue: deps.secrets },
        { provide: Metrics, useValue: deps.metrics },
        CommandRunner,
        Authenticator,
        DepartmentScope,
      ],
      exports: [API_CONFIG, EVENT_STORE, CLOCK, CommandService, SecretIssuer, Metrics, CommandRunner, Authenticator, DepartmentScope],
    };
  }
}

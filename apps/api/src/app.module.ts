import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './auth/auth.guard';
import { CoreModule, type CoreDependencies } from './core/core.module';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics';
import { ProblemFilter } from './http/problem.filter';
import { AdministratorsModule } from './administrators/administrators.module';
import { CreditModule } from './credit/credit.module';
import { DepartmentsModule } from './departments/departments.module';
import { FeaturesModule } from './features/features.module';
import { InvitationsModule } from './invitations/invitations.module';
import { ManagersModule } from './managers/managers.module';
import { MembersModule } from './members/members.module';
import { UsageModule } from './usage/usage.module';
import { ReadModule, type ReadModuleOptions } from './read/read.module';
import { AuditModule } from './audit/audit.module';
import { QueryModule } from './queries/query.module';

export interface AppModuleOptions extends CoreDependencies {
  read?: ReadModuleOptions;
}

/**
 * The whole API: the core (store, command service, auth), one module per capability, the read side
 * (the query endpoints when read models are given) and the audit routes (which compare the read
 * models on verify when the read side provides their replay).
 */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        CqrsModule.forRoot(),
        ReadModule.forRoot(options.read),
        ManagersModule,
        AdministratorsModule,
        DepartmentsModule,
        InvitationsModule,
        MembersModule,
        CreditModule,
        FeaturesModule,
        UsageModule,
        AuditModule,
        ...(options.read?.readModels ? [QueryModule] : []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}

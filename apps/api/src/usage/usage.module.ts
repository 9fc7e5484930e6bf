import { Module } from '@nestjs/common';
import { AuthorizeUsageHandler } from './authorize-usage.query';
import { RecordUsageHandler } from './usage.commands';
import { UsageController } from './usage.controller';

@Module({ controllers: [UsageController], providers: [RecordUsageHandler, AuthorizeUsageHandler] })
export class UsageModule {}

import { Module } from '@nestjs/common';
import { GetCatalogueHandler } from './catalogue.query';
import { SetCatalogueHandler, SetUpManagerHandler, UpdateManagerDetailsHandler } from './managers.commands';
import { ManagersController } from './managers.controller';

@Module({
  controllers: [ManagersController],
  providers: [SetUpManagerHandler, UpdateManagerDetailsHandler, SetCatalogueHandler, GetCatalogueHandler],
})
export class ManagersModule {}

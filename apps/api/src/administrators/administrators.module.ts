import { Module } from '@nestjs/common';
import { AddAdministratorHandler, RemoveAdministratorHandler } from './administrators.commands';
import { AdministratorsController } from './administrators.controller';

@Module({
  controllers: [AdministratorsController],
  providers: [AddAdministratorHandler, RemoveAdministratorHandler],
})
export class AdministratorsModule {}

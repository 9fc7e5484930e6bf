import { Module } from '@nestjs/common';
import { CloseDepartmentHandler, CreateDepartmentHandler, RenameDepartmentHandler } from './departments.commands';
import { DepartmentsController } from './departments.controller';

@Module({
  controllers: [DepartmentsController],
  providers: [CreateDepartmentHandler, RenameDepartmentHandler, CloseDepartmentHandler],
})
export class DepartmentsModule {}

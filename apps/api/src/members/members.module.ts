import { Module } from '@nestjs/common';
import {
  MoveMemberHandler,
  RemoveMemberHandler,
  SetAutoAllocationHandler,
  SetMemberPermissionsHandler,
} from './members.commands';
import { MembersController } from './members.controller';

@Module({
  controllers: [MembersController],
  providers: [RemoveMemberHandler, MoveMemberHandler, SetMemberPermissionsHandler, SetAutoAllocationHandler],
})
export class MembersModule {}

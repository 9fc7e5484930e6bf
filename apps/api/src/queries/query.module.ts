import { Module } from '@nestjs/common';
import { ManagerReadsController } from './manager-reads.controller';
import { MembersReadsController } from './members-reads.controller';
import { READ_MODEL_QUERY_HANDLERS } from './read-model.queries';
import { ReportsController } from './reports.controller';

/**
 * The query endpoints of the HTTP contract over the projections' read models (READ_MODELS, provided
 * by the global ReadModule). Every route accepts `?minPosition=`.
 */
@Module({
  controllers: [ManagerReadsController, MembersReadsController, ReportsController],
  providers: [...READ_MODEL_QUERY_HANDLERS],
})
export class QueryModule {}

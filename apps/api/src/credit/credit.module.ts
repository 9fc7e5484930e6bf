import { Module } from '@nestjs/common';
import { AllocateCreditHandler, PurchaseCreditHandler, ReclaimCreditHandler } from './credit.commands';
import { CreditController } from './credit.controller';

@Module({
  controllers: [CreditController],
  providers: [PurchaseCreditHandler, AllocateCreditHandler, ReclaimCreditHandler],
})
export class CreditModule {}

import { Module } from '@nestjs/common';
import { GrantFeatureHandler, RevokeFeatureHandler } from './features.commands';
import { FeaturesController } from './features.controller';

@Module({ controllers: [FeaturesController], providers: [GrantFeatureHandler, RevokeFeatureHandler] })
export class FeaturesModule {}

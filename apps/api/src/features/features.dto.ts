import { ApiProperty } from '@nestjs/swagger';
import { FEATURES, type Feature } from '@skype-manager/domain';
import { Name, Nested, OneOf } from '../http/fields';
import { PositionAnswer } from '../http/codes';

export class FeatureOptionsDto {
  @Name({ optional: true, maxLength: 32, example: '+33612345678', description: 'online-number: the number, E.164' })
  number?: string;

  @Name({ optional: true, example: 'Unlimited Europe', description: 'subscription: the calling plan' })
  plan?: string;
}

export class GrantFeatureDto {
  @OneOf(FEATURES)
  feature!: Feature;

  @Nested(() => FeatureOptionsDto, { optional: true })
  options?: FeatureOptionsDto;
}

export class GrantFeatureAnswer extends PositionAnswer {
  @ApiProperty({ format: 'uuid' }) grantId!: string;
  @ApiProperty({ type: 'integer', description: 'The catalogue price charged to the company pool' }) chargedMinor!: number;
}

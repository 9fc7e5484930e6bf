import { ApiProperty } from '@nestjs/swagger';
import { MAX_USAGE_RECORDS, type UsageKind, type UsageRejectionReason } from '@skype-manager/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, Matches, Max, Min, ValidateNested } from 'class-validator';
import { AmountMinor, Id, Name, OneOf } from '../http/fields';
import { PositionAnswer } from '../http/codes';

/**
 * Usage ids are at most 100 characters: the answer to 1000 records (accepted and duplicates) is stored
 * with the idempotency record and must stay within one event's size limit.
 */
export const MAX_USAGE_ID_LENGTH = 100;
export const MAX_DURATION_SECONDS = 31 * 86_400;

export class UsageRecordDto {
  @Name({ maxLength: MAX_USAGE_ID_LENGTH, description: "The telephony platform's id of the call or SMS (charged once)" })
  usageId!: string;

  @Id()
  memberId!: string;

  @OneOf(['call', 'sms'])
  kind!: UsageKind;

  @Name({ maxLength: 32, example: '+33612345678', description: 'Called number, E.164' })
  destination!: string;

  @ApiProperty({ format: 'date-time', example: '2025-03-15T09:30:00.000Z' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}T/, { message: '$property must be an ISO-8601 instant (date and time)' })
  startedAt!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_DURATION_SECONDS })
  @IsInt()
  @Min(0)
  @Max(MAX_DURATION_SECONDS)
  durationSeconds!: number;

  @AmountMinor({ allowZero: true, description: 'Cost of the call or SMS in minor units', example: 25 })
  costMinor!: number;
}

export class RecordUsageDto {
  @ApiProperty({ type: [UsageRecordDto], minItems: 1, maxItems: MAX_USAGE_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_USAGE_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => UsageRecordDto)
  records!: UsageRecordDto[];
}

export class UsageRejection {
  @ApiProperty() usageId!: string;
  @ApiProperty({ description: 'member-not-active, destination-not-allowed, monthly-spend-limit-reached, insufficient-credit, …' })
  reason!: UsageRejectionReason;
}

export class RecordUsageAnswer extends PositionAnswer {
  @ApiProperty({ type: [String], description: 'Charged now, or seen before (never charged twice)' }) accepted!: string[];
  @ApiProperty({ type: [UsageRejection] }) rejected!: UsageRejection[];
  @ApiProperty({ type: [String], description: 'Usage ids seen before: accepted without a new charge' }) duplicates!: string[];
}

export class AuthorizeUsageDto {
  @Id()
  memberId!: string;

  @Name({ maxLength: 32, example: '+33612345678' })
  destination!: string;
}

export class UsageAuthorizationAnswer {
  @ApiProperty() allowed!: boolean;
  @ApiProperty({ type: 'integer', description: 'How much the member may spend right now' }) maxSpendMinor!: number;
  @ApiProperty({ required: false }) reason?: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { DESTINATIONS, FEATURES, type Destinations, type Feature } from '@skype-manager/domain';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, ValidateIf } from 'class-validator';
import { AmountMinor, OneOf, UUID_PATTERN } from '../http/fields';
import { PositionAnswer } from '../http/codes';

export class MoveMemberDto {
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The new department, or null for none' })
  @ValidateIf((dto: MoveMemberDto) => dto.departmentId !== null)
  @IsString()
  @Matches(UUID_PATTERN, { message: '$property must be a UUID or null' })
  departmentId!: string | null;
}

export class MemberPermissionsDto {
  @ApiProperty({ enum: FEATURES, isArray: true, description: 'Features the member may be granted' })
  @IsArray()
  @ArrayMaxSize(FEATURES.length * 4)
  @IsIn([...FEATURES], { each: true })
  features!: Feature[];

  @OneOf(DESTINATIONS, { description: 'Which destinations may be called: none, domestic (the Manager country), international' })
  destinations!: Destinations;

  @AmountMinor({ optional: true, allowZero: true, description: 'Monthly spending cap in minor units; absent or null: no cap' })
  monthlySpendLimitMinor?: number | null;
}

export class AutoAllocationDto {
  @AmountMinor({ description: 'Top the balance up to this amount…', example: 2000 })
  topUpToMinor!: number;

  @AmountMinor({ allowZero: true, description: '…when it falls below this one', example: 500 })
  whenBelowMinor!: number;

  @AmountMinor({ optional: true, description: 'At most this much topped up per calendar month; absent: no limit' })
  monthlyLimitMinor?: number | null;
}

export class RemoveMemberAnswer extends PositionAnswer {
  @ApiProperty({ type: 'integer', description: "The member's balance, returned to the company pool" })
  reclaimedMinor!: number;
}

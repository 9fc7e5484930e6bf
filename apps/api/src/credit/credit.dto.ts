import { ApiProperty } from '@nestjs/swagger';
import type { CreditAccount } from '@skype-manager/domain';
import { AmountMinor, ExactlyOneOf, Id, Name, Nested } from '../http/fields';
import { CurrencyCode, PositionAnswer } from '../http/codes';

export class PurchaseCreditDto {
  @AmountMinor({ example: 100_000 })
  amountMinor!: number;

  @CurrencyCode()
  currency!: string;

  @Name({ example: 'stripe:pi_3Nx…', description: 'Reference of the payment; one purchase per reference' })
  paymentReference!: string;
}

export class PurchaseCreditAnswer extends PositionAnswer {
  @ApiProperty({ format: 'uuid' }) purchaseId!: string;
}

/** A member's balance or a department's budget: exactly one of the two ids. */
export class CreditHolderDto {
  @Id({ optional: true })
  memberId?: string;

  @Id({ optional: true })
  departmentId?: string;
}

export class DepartmentRefDto {
  @Id()
  departmentId!: string;
}

export function creditAccountOf(holder: CreditHolderDto): CreditAccount {
  return holder.memberId !== undefined
    ? { type: 'member', memberId: holder.memberId }
    : { type: 'department', departmentId: holder.departmentId! };
}

export class AllocateCreditDto {
  @Nested(() => CreditHolderDto, { description: '{memberId} or {departmentId}' })
  @ExactlyOneOf(['memberId', 'departmentId'])
  to!: CreditHolderDto;

  @Nested(() => DepartmentRefDto, { optional: true, description: 'A department budget; default: the company pool' })
  from?: DepartmentRefDto;

  @AmountMinor()
  amountMinor!: number;
}

export class AllocateCreditAnswer extends PositionAnswer {
  @ApiProperty({ format: 'uuid' }) allocationId!: string;
}

export class ReclaimCreditDto {
  @Nested(() => CreditHolderDto, { description: '{memberId} or {departmentId}' })
  @ExactlyOneOf(['memberId', 'departmentId'])
  from!: CreditHolderDto;

  @AmountMinor({ optional: true, description: 'How much; absent: all of it' })
  amountMinor?: number;
}

export class ReclaimCreditAnswer extends PositionAnswer {
  @ApiProperty({ format: 'uuid' }) reclaimId!: string;
  @ApiProperty({ type: 'integer', description: 'What went back to the company pool' }) amountMinor!: number;
}

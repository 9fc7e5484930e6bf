import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { MAX_AMOUNT_MINOR, MAX_NAME_LENGTH } from '@skype-manager/domain';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { Type } from 'class-transformer';

/**
 * Field decorators shared by the DTOs: each one is the validation and the OpenAPI description of one
 * kind of field, so the two never disagree.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FieldOptions {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

function optionality(options: FieldOptions): PropertyDecorator[] {
  return options.optional ? [IsOptional()] : [];
}

/** A positive integer amount of minor units (cents, pence…), at most 10^12. */
export function AmountMinor(options: FieldOptions & { allowZero?: boolean } = {}): PropertyDecorator {
  const minimum = options.allowZero ? 0 : 1;
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      minimum,
      maximum: MAX_AMOUNT_MINOR,
      required: !options.optional,
      nullable: options.optional,
      description: options.description ?? 'Integer amount in minor units of the Manager currency',
      example: options.example ?? 5000,
    }),
    ...optionality(options),
    IsInt(),
    Min(minimum),
    Max(MAX_AMOUNT_MINOR),
  );
}

/** A non-blank string of at most 200 characters (names, accounts, references). */
export function Name(options: FieldOptions & { maxLength?: number } = {}): PropertyDecorator {
  const maxLength = options.maxLength ?? MAX_NAME_LENGTH;
  return applyDecorators(
    ApiProperty({
      type: 'string',
      minLength: 1,
      maxLength,
      required: !options.optional,
      description: options.description,
      example: options.example,
    }),
    ...optionality(options),
    IsString(),
    MinLength(1),
    MaxLength(maxLength),
    Matches(/\S/, { message: '$property must not be blank' }),
  );
}

/** An id this API issued (a UUID). */
export function Id(options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: 'string', format: 'uuid', required: !options.optional, description: options.description }),
    ...optionality(options),
    IsString(),
    Matches(UUID_PATTERN, { message: '$property must be a UUID' }),
  );
}

export function OneOf(values: readonly string[], options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ enum: [...values], required: !options.optional, description: options.description }),
    ...optionality(options),
    IsIn([...values]),
  );
}

/** A nested object validated as `type`. */
export function Nested(type: () => new () => object, options: FieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type, required: !options.optional, description: options.description }),
    ...optionality(options),
    IsObject(),
    ValidateNested(),
    Type(type),
  );
}

/** The nested object names exactly one of `keys` (e.g. a member or a department, never both). */
export function ExactlyOneOf(keys: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'exactlyOneOf',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          keys.filter((key) => (value as Record<string, unknown>)[key] !== undefined).length === 1,
        defaultMessage: () => `$property must name exactly one of ${keys.join(', ')}`,
      },
    },
    options,
  );
}

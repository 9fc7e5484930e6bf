import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';

/** ISO 4217 codes this runtime knows (ICU), as the domain checks them. */
const CURRENCIES = Intl.supportedValuesOf('currency');

/** ISO 4217 currency code, upper case. Whether the code exists is checked by the domain. */
export const CurrencyCode = () =>
  applyDecorators(
    ApiProperty({ type: 'string', pattern: '^[A-Z]{3}$', example: 'EUR', description: 'ISO 4217 currency code' }),
    IsString(),
    Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 currency code in upper case, e.g. EUR' }),
    IsIn(CURRENCIES, { message: '$property must be a known ISO 4217 currency code' }),
  );

/** ISO 3166 alpha-2 country code, upper case. */
export const CountryCode = () =>
  applyDecorators(
    ApiProperty({ type: 'string', pattern: '^[A-Z]{2}$', example: 'FR', description: 'ISO 3166 alpha-2 country code' }),
    IsString(),
    Matches(/^[A-Z]{2}$/, { message: '$property must be an ISO 3166 alpha-2 country code in upper case, e.g. FR' }),
  );

/** Answer of a command with nothing else to say. */
export class PositionAnswer {
  @ApiProperty({ type: 'integer', description: 'Global log position of the command\'s last event; pass it as ?minPosition= to queries' })
  position!: number;
}

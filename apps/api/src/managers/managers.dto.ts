import { ApiProperty } from '@nestjs/swagger';
import { AmountMinor, Name, Nested } from '../http/fields';
import { CountryCode, CurrencyCode, PositionAnswer } from '../http/codes';

export class SetUpManagerDto {
  @Name({ example: 'Architectes' })
  name!: string;

  @Name({ example: 'admin.architectes', description: 'Account of the first administrator (the owner)' })
  adminAccount!: string;

  @CurrencyCode()
  currency!: string;

  @CountryCode()
  country!: string;
}

export class SetUpManagerAnswer extends PositionAnswer {
  @ApiProperty({ format: 'uuid' }) managerId!: string;
  @ApiProperty({ format: 'uuid' }) administratorId!: string;
  @ApiProperty({ description: "The owner's API key, shown only this once" }) apiKey!: string;
}

export class UpdateManagerDetailsDto {
  @Name({ optional: true })
  name?: string;

  @Name({ optional: true })
  adminAccount?: string;
}

/** Prices of the features, in minor units; features not named keep their price. */
export class CataloguePricesDto {
  @AmountMinor({ optional: true, allowZero: true, example: 1000 })
  subscription?: number;

  @AmountMinor({ optional: true, allowZero: true, example: 600 })
  'online-number'?: number;

  @AmountMinor({ optional: true, allowZero: true, example: 200 })
  voicemail?: number;

  @AmountMinor({ optional: true, allowZero: true, example: 100 })
  'call-forwarding'?: number;

  @AmountMinor({ optional: true, allowZero: true, example: 100 })
  'caller-id'?: number;
}

export class SetCatalogueDto {
  @Nested(() => CataloguePricesDto)
  prices!: CataloguePricesDto;
}

export class CatalogueAnswer {
  @ApiProperty({ example: 'EUR' }) currency!: string;
  @ApiProperty({ type: CataloguePricesDto }) prices!: Record<string, number>;
}

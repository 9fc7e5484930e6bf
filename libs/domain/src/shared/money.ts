/**
 * Money is an integer number of minor units (cents, pence…) in the Manager's currency.
 * No floating point anywhere near it: every amount is checked to be a safe integer.
 */

/** The largest single amount accepted (10^12 minor units: 10 billion in a 2-decimal currency). */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

export function isAmountMinor(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= MAX_AMOUNT_MINOR;
}

export function isNonNegativeAmountMinor(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_AMOUNT_MINOR;
}

/** ISO 4217 codes this runtime knows (from ICU, not a hand-kept list). */
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && KNOWN_CURRENCIES.has(value);
}

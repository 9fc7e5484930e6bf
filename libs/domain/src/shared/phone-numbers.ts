import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A destination or online number, parsed by libphonenumber (never by hand). */
export interface ParsedNumber {
  e164: string;
  /** ISO 3166 alpha-2 country of the number, or null for non-geographic numbers (+800 …). */
  country: string | null;
}

export function parseE164(value: string): ParsedNumber | null {
  if (typeof value !== 'string' || !value.startsWith('+')) return null;
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, country: parsed.country ?? null };
}

export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isSupportedCountry(value);
}

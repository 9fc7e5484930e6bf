import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A destination or online number, parsed by libphonenumber (never by hand). */
export interface ParsedNumber {
  e164: string;
  /** ISO 3166 alpha-2 country of the number, or null for non-geographic numbers (+800 …). */
  country: string | null;
}

/** Parsing is costly and the same destinations recur: remember the last few thousand answers. */
const CACHE_SIZE = 4096;
const cache = new Map<string, ParsedNumber | null>();

export function parseE164(value: string): ParsedNumber | null {
  if (typeof value !== 'string' || !value.startsWith('+') || value.length > 32) return null;
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const phone = parsePhoneNumberFromString(value);
  const parsed = phone && phone.isValid() ? { e164: phone.number, country: phone.country ?? null } : null;
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(value, parsed);
  return parsed;
}

export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isSupportedCountry(value);
}
